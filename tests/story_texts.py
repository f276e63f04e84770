"""Two reports of one invented event, in English and Russian, written for the tests.

They agree on the strike and its source and disagree on the death toll, so claim
alignment has a shared and a conflicting pair to find.
"""
EN = ("Drone strike hits fuel depot in Verkhnia Dubrava\n"
      "A drone strike set a fuel depot in the town of Verkhnia Dubrava on fire overnight, the "
      "regional governor Oleh Marchuk said on Sunday.\n"
      "Twelve people were killed and 30 were injured, according to the regional emergency "
      "service.\n")
RU = ("Беспилотник поджёг нефтебазу в городе Верхняя Дубрава минувшей ночью, заявил губернатор "
      "области Олег Марчук.\nПо данным областной службы спасения, погибли 40 человек.\n")
