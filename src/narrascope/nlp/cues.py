"""Word lists the claim layer leans on, per language: reporting cues, source words, hedges, denials.

All lists are the project's own. Matching is on lowercase text at word
boundaries; multi-word cues are tried before their parts. Each reporting cue
says where its source usually sits: ``before`` ("the ministry said"),
``after`` ("according to the ministry"), or ``either`` (Russian "заявил"
follows its subject in "Министр заявил" but precedes it in "как заявил
министр").
"""
from __future__ import annotations

LANGUAGES = ("en", "ru", "uk", "bg", "pt", "hi")

# Reporting cues: (cue, where the source sits).
REPORTING: dict[str, list[tuple[str, str]]] = {
    "en": [(c, "after") for c in ("according to", "citing", "quoted by", "in the words of")]
    + [(c, "either") for c in (
        "said", "says", "told", "stated", "claimed", "claims", "announced", "reported", "reports",
        "added", "noted", "confirmed", "insisted", "alleged", "alleges", "wrote", "writes",
        "declared", "denied", "denies", "acknowledged", "admitted", "warned", "explained",
        "argued", "estimated", "estimates", "accused", "accuses", "asserted", "maintained",
        "tweeted", "posted", "briefed", "disclosed", "revealed", "suggested", "believes",
        "predicted", "conceded", "stressed", "emphasised", "emphasized", "countered")],
    "ru": [(c, "after") for c in (
        "по словам", "по данным", "по информации", "как сообщает", "как сообщил", "как сообщили",
        "как заявил", "как заявила", "как заявили", "как пишет", "как отметил", "как отметила",
        "со ссылкой на", "согласно", "по мнению", "по оценке", "по оценкам", "цитирует")]
    + [(c, "either") for c in (
        "заявил", "заявила", "заявили", "сообщил", "сообщила", "сообщили", "сообщает",
        "сообщают", "отметил", "отметила", "отметили", "подчеркнул", "подчеркнула", "сказал",
        "сказала", "сказали", "рассказал", "рассказала", "утверждает", "утверждают",
        "утверждал", "пишет", "пишут", "написал", "подтвердил", "подтвердила", "подтвердили",
        "объявил", "объявила", "опроверг", "опровергла", "опровергли", "отрицает", "признал",
        "признала", "добавил", "добавила", "уточнил", "уточнила", "передает", "передаёт",
        "обвинил", "обвинила", "обвинили", "настаивает", "предупредил", "заявляют", "заявило",
        "сообщило", "отметило", "подтвердило", "объявило", "опровергло", "передало", "уточнило",
        "признало", "информирует", "информировало", "предположил", "предположила", "говорит",
        "говорят", "говорил", "считает", "считают", "полагает", "пояснил", "пояснила",
        "рассказали", "утверждали")],
    "uk": [(c, "after") for c in (
        "за словами", "за даними", "за інформацією", "як повідомляє", "як повідомив",
        "як повідомила", "як повідомили", "як заявив", "як заявила", "як зазначив",
        "як пише", "з посиланням на", "згідно з", "на думку", "за оцінками")]
    + [(c, "either") for c in (
        "заявив", "заявила", "заявили", "повідомив", "повідомила", "повідомили", "повідомляє",
        "повідомляють", "зазначив", "зазначила", "сказав", "сказала", "сказали", "розповів",
        "розповіла", "стверджує", "стверджують", "пише", "написав", "підтвердив",
        "підтвердила", "підтвердили", "оголосив", "спростував", "спростувала", "заперечує",
        "визнав", "додав", "додала", "уточнив", "наголосив", "наголосила", "звинуватив",
        "звинуватили", "попередив", "заявило", "повідомило",
        "підтвердило", "оголосило", "спростувало", "зазначило", "інформує", "припустив", "каже",
        "кажуть", "вважає", "пояснив", "пояснила", "розповіли")],
    "bg": [(c, "after") for c in (
        "според", "по думите на", "по данни на", "както съобщи", "както заяви", "както пише",
        "цитиран от", "позовавайки се на")]
    + [(c, "either") for c in (
        "заяви", "заявиха", "съобщи", "съобщиха", "съобщава", "каза", "казаха", "посочи",
        "посочиха", "подчерта", "твърди", "твърдят", "написа", "пише", "потвърди",
        "потвърдиха", "обяви", "обявиха", "отрече", "отрекоха", "опроверга", "добави",
        "уточни", "обвини", "обвиниха", "предупреди", "призна")],
    "pt": [(c, "after") for c in (
        "segundo", "de acordo com", "conforme", "citado por", "na opinião de", "nas palavras de")]
    + [(c, "either") for c in (
        "disse", "disseram", "afirmou", "afirmaram", "afirma", "declarou", "declararam",
        "informou", "informaram", "anunciou", "anunciaram", "relatou", "relataram", "confirmou",
        "confirmaram", "negou", "negaram", "nega", "alegou", "alegam", "garantiu", "acrescentou",
        "explicou", "escreveu", "sustentou", "admitiu", "reconheceu", "acusou", "acusaram",
        "alertou", "destacou", "ressaltou", "noticiou", "publicou", "diz", "dizem")],
    "hi": [(c, "before") for c in (
        "के अनुसार", "ने कहा", "ने बताया", "ने दावा किया", "ने कहा कि", "ने जानकारी दी",
        "ने घोषणा की", "ने पुष्टि की", "ने आरोप लगाया", "ने इनकार किया", "ने खंडन किया",
        "ने लिखा", "ने स्पष्ट किया", "ने चेतावनी दी", "का कहना है", "का दावा है",
        "ने बयान जारी", "ने रिपोर्ट किया")]
    + [(c, "after") for c in ("सूत्रों के हवाले से", "के हवाले से")],
}

# Words that make a source anonymous when no name goes with them.
ANONYMOUS = {
    "en": ("official", "officials", "source", "sources", "people familiar", "person familiar",
           "diplomat", "diplomats", "insider", "insiders", "aide", "aides", "witness",
           "witnesses", "residents", "observers", "analysts", "experts", "someone", "a spokesman",
           "a spokeswoman", "a spokesperson", "one", "two", "three", "several", "some"),
    "ru": ("источник", "источники", "источников", "собеседник", "чиновник", "чиновники",
           "дипломат", "дипломаты", "очевидцы", "очевидец", "жители", "эксперты", "наблюдатели",
           "представитель", "осведомленный", "осведомлённый", "знакомый с ситуацией"),
    "uk": ("джерело", "джерела", "джерел", "співрозмовник", "посадовець", "посадовці",
           "дипломат", "дипломати", "очевидці", "очевидець", "мешканці", "експерти",
           "представник", "обізнаний"),
    "bg": ("източник", "източници", "служител", "служители", "дипломат", "дипломати",
           "очевидци", "очевидец", "жители", "експерти", "наблюдатели", "представител"),
    "pt": ("fonte", "fontes", "funcionário", "funcionários", "diplomata", "diplomatas",
           "testemunha", "testemunhas", "moradores", "especialistas", "observadores",
           "interlocutor", "pessoas próximas", "pessoas a par"),
    "hi": ("सूत्र", "सूत्रों", "अधिकारियों", "अधिकारी", "एक अधिकारी", "राजनयिक", "प्रत्यक्षदर्शी",
           "प्रत्यक्षदर्शियों", "निवासियों", "स्थानीय लोगों", "विशेषज्ञों", "जानकारों"),
}

# Words that make a source an organisation.
ORGANISATION = {
    "en": ("ministry", "government", "kremlin", "white house", "army", "military", "police",
           "office", "council", "agency", "committee", "service", "forces", "command", "staff",
           "commission", "parliament", "department", "authorities", "administration", "company",
           "embassy", "court", "prosecutor", "prosecutors", "union", "party", "nato", "un",
           "navy", "guard", "operator", "bank", "organisation", "organization", "institute",
           "regulator", "secretariat", "cabinet", "headquarters", "pentagon", "directorate",
           "group", "corporation", "coalition", "board", "mission", "centre", "center", "force",
           "hospital", "authority", "operator", "utility", "firm", "manager", "owner",
           "municipality", "senate", "congress", "assembly", "tribunal", "inspectorate"),
    "ru": ("министерств*", "минобороны", "мид", "правительств*", "кремл*", "арми*", "полици*",
           "офис*", "совет*", "агентств*", "комитет*", "служб*", "силы", "сил", "силами", "командовани*",
           "штаб*", "комисси*", "парламент*", "дума", "думы", "думе", "ведомств*", "власт*", "администраци*",
           "компани*", "посольств*", "суд", "суде", "судом", "прокуратур*", "парти*", "нато", "оон",
           "фсб", "сбу", "минздрав*", "минэнерго", "генштаб*", "департамент*", "управлени*", "пресс-служб*",
           "мчс", "групп*", "больниц*", "госпитал*", "всу", "вкс", "госдум*"),
    "uk": ("міністерств*", "міноборони", "мзс", "уряд*", "кремл*", "армі*", "поліці*", "офіс*",
           "рада", "ради", "раду", "агентств*", "комітет*", "служб*", "сили", "сил", "силами",
           "командуванн*", "штаб*", "коміс*",
           "парламент*", "відомств*", "влада", "влади", "владу", "адміністраці*", "компані*",
           "посольств*", "суд", "суду", "судом",
           "прокуратур*", "парті*", "нато", "оон", "сбу", "генштаб*", "департамент*",
           "управлінн*", "пресслужб*", "прес-служб*", "дсну", "груп*", "лікарн*", "шпитал*",
           "зсу"),
    "bg": ("министерств*", "правителств*", "кремъл", "арми*", "полици*", "офис*", "съвет*",
           "агенци*", "комитет*", "служб*", "сили", "командван*", "щаб*", "комиси*", "парламент*",
           "народното събрание", "ведомств*", "власти*", "администраци*", "компани*",
           "посолств*", "съд*", "прокуратур*", "парти*", "нато", "оон", "мвр", "мвнр", "цик",
           "булгаргаз", "груп*", "болниц*", "оператор*", "гранична полиция", "общин*"),
    "pt": ("ministério", "governo", "kremlin", "exército", "polícia", "gabinete", "conselho",
           "agência", "comitê", "comité", "serviço", "forças", "comando", "comissão",
           "parlamento", "congresso", "senado", "autoridades", "administração", "empresa",
           "embaixada", "tribunal", "procuradoria", "ministério público", "partido", "otan",
           "onu", "ibama", "secretaria", "departamento", "instituto", "prefeitura", "grupo",
           "itamaraty", "planalto", "assessoria"),
    "hi": ("मंत्रालय", "सरकार", "सेना", "पुलिस", "कार्यालय", "परिषद", "एजेंसी", "समिति", "सेवा",
           "बल", "कमान", "आयोग", "संसद", "विभाग", "प्रशासन", "कंपनी", "दूतावास", "अदालत",
           "न्यायालय", "पार्टी", "नाटो", "संयुक्त राष्ट्र", "प्रवक्ता कार्यालय", "बोर्ड"),
}

# Titles that point at one identifiable person ("the foreign minister", "губернатор").
PERSON_TITLES = {
    "en": ("minister", "president", "spokesman", "spokeswoman", "spokesperson", "governor",
           "mayor", "ambassador", "commander", "chief", "secretary", "chancellor", "premier",
           "senator", "lawmaker", "general", "head", "director", "envoy", "deputy", "leader",
           "chairman", "chairwoman", "adviser", "advisor", "king", "pope", "ceo"),
    "ru": ("министр", "президент", "пресс-секретарь", "губернатор", "мэр", "посол",
           "командующий", "глава", "премьер", "депутат", "сенатор", "генерал", "директор",
           "руководитель", "советник", "спикер", "министра", "губернатора", "мэра", "главы"),
    "uk": ("міністр", "президент", "речник", "речниця", "губернатор", "мер", "посол",
           "командувач", "голова", "прем'єр", "депутат", "генерал", "директор", "керівник",
           "радник", "очільник", "міністра", "президента", "голови", "очільника"),
    "bg": ("министър", "министърът", "президент", "президентът", "говорител", "губернатор",
           "кмет", "кметът", "посланик", "командващ", "шеф", "премиер", "премиерът", "депутат",
           "генерал", "директор", "председател", "председателят", "съветник"),
    "pt": ("ministro", "ministra", "presidente", "porta-voz", "governador", "governadora",
           "prefeito", "prefeita", "embaixador", "comandante", "chefe", "premiê", "deputado",
           "deputada", "senador", "senadora", "general", "diretor", "diretora", "secretário",
           "secretária", "assessor"),
    "hi": ("मंत्री", "राष्ट्रपति", "प्रवक्ता", "राज्यपाल", "महापौर", "राजदूत", "कमांडर", "प्रमुख",
           "प्रधानमंत्री", "सांसद", "विधायक", "जनरल", "निदेशक", "सचिव", "मुख्यमंत्री"),
}

# Generic words for the press (outlet names come from the gazetteer's media group).
MEDIA = {
    "en": ("media", "newspaper", "news agency", "outlet", "broadcaster", "television", "tv",
           "daily", "times", "post", "gazette", "herald", "tribune", "journal", "news", "press",
           "radio", "wire", "magazine", "channel", "telegraph", "observer", "chronicle",
           "reporters"),
    "ru": ("сми", "издани*", "газет*", "телеканал*", "канал*", "радио", "журнал*",
           "медиа", "портал*", "вести", "новости", "известия", "ведомости", "телеграм-канал*",
           "риа", "тасс"),
    "uk": ("змі", "видання", "газет*", "телеканал*", "канал*", "радіо", "журнал*",
           "медіа", "портал*", "новини", "правда", "вісті", "телеграм-канал*"),
    "bg": ("медии", "медия", "издание", "вестник", "агенция", "телевизия", "канал", "радио",
           "списание", "портал", "новини", "бтв", "бнт", "бта"),
    "pt": ("imprensa", "mídia", "jornal", "agência", "emissora", "televisão", "canal", "rádio",
           "revista", "portal", "folha", "globo", "notícias", "diário", "gazeta"),
    "hi": ("मीडिया", "अखबार", "समाचार", "चैनल", "समाचार एजेंसी", "पत्रिका", "रिपोर्ट", "टाइम्स",
           "दैनिक", "न्यूज़"),
}

# Words that stand for a source named in an earlier sentence.
PRONOUNS = {
    "en": ("he", "she", "they", "it", "the spokesman", "the spokeswoman", "the spokesperson",
           "the minister", "the official", "the statement"),
    "ru": ("он", "она", "они", "по его словам", "по ее словам", "по её словам", "по их словам"),
    "uk": ("він", "вона", "вони", "за його словами", "за її словами", "за їхніми словами"),
    "bg": ("той", "тя", "те", "по думите му", "по думите ѝ"),
    "pt": ("ele", "ela", "eles", "elas"),
    "hi": ("उन्होंने", "उसने", "वह", "वे"),
}

# Certainty: hedges (attribution phrases such as "according to" are not hedges here).
HEDGES = {
    "en": ("reportedly", "allegedly", "purportedly", "may", "might", "could", "appears to",
           "appeared to", "seems to", "seemed to", "it is believed", "is believed to",
           "are believed to", "it is thought", "possibly", "probably", "likely", "unconfirmed",
           "apparently", "suspected", "is said to", "are said to", "presumably", "unverified",
           "it is unclear"),
    "ru": ("предположительно", "возможно", "якобы", "вероятно", "по-видимому", "по всей видимости",
           "как сообщается", "не исключено", "может", "могут", "могли", "мог", "могла",
           "предполагается", "считается", "судя по всему", "яко бы", "будто бы",
           "по неподтвержденным", "по неподтверждённым"),
    "uk": ("нібито", "можливо", "імовірно", "ймовірно", "вірогідно", "як повідомляється",
           "не виключено", "може", "можуть", "могли", "міг", "могла", "вважається",
           "припускають", "за неперевіреними", "очевидно"),
    "bg": ("твърди се", "вероятно", "може би", "възможно", "предполага се", "евентуално",
           "изглежда", "уж", "би могло", "може", "могат", "се смята", "по непотвърдени"),
    "pt": ("supostamente", "alegadamente", "possivelmente", "provavelmente", "talvez", "teria",
           "teriam", "estaria", "estariam", "pode", "podem", "poderia", "poderiam", "aparentemente",
           "acredita-se", "suspeita-se", "não confirmad"),
    "hi": ("कथित तौर पर", "कथित", "शायद", "संभवतः", "संभव है", "माना जा रहा", "प्रतीत होता",
           "हो सकता", "हो सकते", "सकती है", "लगता है", "बताया जा रहा", "अपुष्ट"),
}

DENIALS = {
    "en": ("denied", "denies", "deny", "denial", "rejected", "rejects", "refuted", "dismissed",
           "not", "n't", "never", "no", "none", "nobody", "neither", "nor", "false", "untrue",
           "baseless"),
    "ru": ("опроверг*", "отрица*", "отверг*", "не", "нет", "ни", "никаких", "никто", "никогда",
           "ложь", "фейк", "не соответствует действительности"),
    "uk": ("спростува*", "запереч*", "відкин*", "не", "немає", "ні", "жодних", "жоден", "ніхто",
           "ніколи", "фейк", "неправда"),
    "bg": ("отрече", "отрекоха", "отрича*", "опроверга*", "отхвърл*", "не", "няма", "нито",
           "никакви", "никой", "никога", "невярно", "фалшив*"),
    "pt": ("negou", "negaram", "nega", "negam", "desment*", "rejeit*", "não", "nunca", "nenhum",
           "nenhuma", "ninguém", "nem", "falso", "falsa"),
    "hi": ("नहीं", "इनकार", "खंडन", "न तो", "कोई भी नहीं", "गलत", "झूठ", "बेबुनियाद", "मना"),
}

# Marks of opinion rather than check-worthy fact: obligation, the author's own voice.
OPINION = {
    "en": ("should", "must", "ought to", "need to", "needs to", "i think", "i believe", "we must",
           "we should", "in my view", "in our view", "shameful", "disgrace", "disgraceful",
           "outrageous", "let us", "let's", "it is time", "it's time", "no one can deny",
           "clearly", "obviously", "of course", "pathetic", "absurd"),
    "ru": ("должны", "должен", "следует", "надо", "нужно", "я считаю", "я думаю", "мы должны",
           "на мой взгляд", "позор", "позорно", "возмутительно", "давайте", "пора",
           "очевидно", "разумеется", "конечно", "абсурд", "абсурдно", "цинично"),
    "uk": ("повинні", "повинен", "мають", "слід", "треба", "потрібно", "я вважаю", "я думаю",
           "ми повинні", "на мою думку", "ганьба", "ганебно", "обурливо", "давайте", "час",
           "очевидно", "звісно", "звичайно", "абсурд", "цинічно"),
    "bg": ("трябва", "следва", "аз смятам", "мисля", "ние трябва", "по мое мнение", "срам",
           "срамно", "възмутително", "нека", "време е", "очевидно", "разбира се", "абсурд",
           "цинично"),
    "pt": ("deve", "devem", "deveria", "deveriam", "precisa", "precisam", "eu acho",
           "eu acredito", "na minha opinião", "vergonha", "vergonhoso", "escandaloso",
           "vamos", "é hora", "obviamente", "claro que", "absurdo", "cínico"),
    "hi": ("चाहिए", "मेरा मानना", "मेरे विचार", "हमें", "शर्मनाक", "शर्म", "निंदनीय", "आइए",
           "समय आ गया", "जाहिर है", "बेशक", "बेतुका"),
}
