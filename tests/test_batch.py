"""`narrascope batch` with the local engine: shards, errors, resumption after a kill, parquet."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

LIGHT = ('pipeline.analyzers=["narrascope.language.v1", "narrascope.sentences.v1", '
         '"narrascope.entities.v1", "narrascope.claims.v1"]')


def _inputs(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"a{i:04d}.txt").write_text(
            f"Officials in Town{i} said {i + 10} homes were flooded on Monday.\n"
            "The river rose by three metres overnight, the governor said.\n", "utf-8")
    (folder / "empty.txt").write_text("", "utf-8")
    return folder


def _command(src: Path, out: Path | str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "narrascope", "batch", str(src), str(out), "--workers", "2",
            "--set", LIGHT, "--lang", "en", *extra]


def _ids(out: Path) -> list[str]:
    ids = []
    for path in sorted(out.glob("shard-*.jsonl")) + sorted(out.glob("errors-*.jsonl")):
        ids += [json.loads(line)["id"] for line in path.read_text("utf-8").splitlines()]
    return ids


def test_shards_errors_and_a_rerun_that_skips_everything(tmp_path: Path) -> None:
    src, out = _inputs(tmp_path / "in", 23), tmp_path / "out"
    first = subprocess.run(_command(src, out, "--shard-size", "10"), capture_output=True,
                           text=True, timeout=300, check=False)
    assert first.returncode == 1, first.stderr  # empty.txt failed, and the run went on
    assert "23 done, 1 failed" in first.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "errors-00000.jsonl", "errors-00001.jsonl", "errors-00002.jsonl",
        "shard-00000.jsonl", "shard-00001.jsonl", "shard-00002.jsonl"]
    ids = _ids(out)
    assert len(ids) == len(set(ids)) == 24 and "empty.txt" in ids
    error = json.loads((out / "errors-00002.jsonl").read_text().splitlines()[0])
    assert error["id"] == "empty.txt" and "empty" in error["error"]
    again = subprocess.run(_command(src, out, "--shard-size", "10"), capture_output=True,
                           text=True, timeout=300, check=False)
    assert again.returncode == 0 and "24 skipped (already in 3 shards)" in again.stderr


def test_a_killed_run_resumes_exactly_once(tmp_path: Path) -> None:
    src, out = _inputs(tmp_path / "in", 120), tmp_path / "out"
    cmd = _command(src, out, "--shard-size", "5")
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.time() + 180
    while time.time() < deadline and not list(out.glob("shard-*.jsonl")):
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    written = len(list(out.glob("shard-*.jsonl")))
    assert 0 < written < 25, "the kill did not land mid-run; the test proved nothing"
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 1, done.stderr  # only empty.txt failed
    ids = _ids(out)
    assert len(ids) == len(set(ids)) == 121
    assert not list(out.glob(".*.tmp"))


@pytest.mark.parametrize("fmt", ["parquet"])
def test_parquet_shards_keep_whole_records(tmp_path: Path, fmt: str) -> None:
    src, out = _inputs(tmp_path / "in", 6), tmp_path / "out"
    subprocess.run(_command(src, out, "--shard-size", "4", "-f", fmt), capture_output=True,
                   timeout=300, check=False)
    with duckdb.connect() as con:
        rows = con.execute(f"SELECT id, status, record FROM read_parquet('{out}/shard-*.parquet') "
                           "ORDER BY id").fetchall()
    assert [r[0] for r in rows] == [f"a{i:04d}.txt" for i in range(6)]
    assert all(json.loads(r[2])["claims"] for r in rows)


def test_fifty_thousand_articles_stream_under_a_memory_cap(tmp_path: Path) -> None:
    """50,000 small articles from one JSONL file: every one lands once, no process grows big."""
    import resource

    src = tmp_path / "many.jsonl"
    with src.open("w", encoding="utf-8") as handle:
        for i in range(50_000):
            handle.write(json.dumps({"id": f"n{i}", "text": f"Officials in Town{i} said "
                                     f"{i % 90 + 10} homes were flooded on Monday."}) + "\n")
    out = tmp_path / "out"
    light = 'pipeline.analyzers=["narrascope.language.v1", "narrascope.sentences.v1"]'
    done = subprocess.run([sys.executable, "-m", "narrascope", "batch", str(src), str(out),
                           "--workers", "2", "--shard-size", "2000", "--set", light, "-q"],
                          capture_output=True, text=True, timeout=3600, check=False)
    assert done.returncode == 0, done.stderr
    count = sum(len(p.read_text("utf-8").splitlines()) for p in out.glob("shard-*.jsonl"))
    assert count == 50_000
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert peak_mb < 1500, f"a process reached {peak_mb:.0f} MB"


def test_ray_engine_writes_the_same_records_as_the_local_engine(tmp_path: Path) -> None:
    """The full default pipeline on 200 articles, once per engine; Ray starts in local mode on
    this machine (loopback only). Records and saved vectors must be identical."""
    pytest.importorskip("ray")
    import numpy as np

    src = _inputs(tmp_path / "in", 200)
    local, ray_out = tmp_path / "local", tmp_path / "ray"
    for engine, out in (("local", local), ("ray", ray_out)):
        cmd = [sys.executable, "-m", "narrascope", "batch", str(src), str(out), "--workers", "2",
               "--shard-size", "50", "--engine", engine, "-q"]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=900, check=False)
        assert done.returncode == 1, done.stderr  # empty.txt fails in both
    names = sorted(p.name for p in local.iterdir())
    assert names == sorted(p.name for p in ray_out.iterdir()) and len(names) == 14  # shard 4 holds only empty.txt: no vectors file
    for name in names:
        if name.endswith(".npz"):
            with np.load(local / name) as a, np.load(ray_out / name) as b:
                assert all(np.array_equal(a[k], b[k]) for k in a.files), name
            continue
        a = [json.loads(x) for x in (local / name).read_text("utf-8").splitlines()]
        b = [json.loads(x) for x in (ray_out / name).read_text("utf-8").splitlines()]
        assert a == b, name
    assert any(json.loads(line)["techniques"] or json.loads(line)["mentions"]
               for line in (local / "shard-00000.jsonl").read_text("utf-8").splitlines())


def _ray_workers() -> list[int]:
    """PIDs of the Ray actor processes running our shard worker (Ray titles them after the class)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().decode("utf-8", "replace")
            except OSError:
                continue
            if "_RayShardWorker" in cmdline:
                pids.append(int(entry.name))
    return pids


def test_ray_run_with_a_killed_worker_ends_exactly_once_after_a_resume(tmp_path: Path) -> None:
    """Fault injection: SIGKILL a Ray worker mid-run, wait for the run to end (Ray may restart
    the actor and retry its shard, or give up), run the same command again, and check that
    every input appears exactly once."""
    pytest.importorskip("ray")
    src, out = _inputs(tmp_path / "in", 300), tmp_path / "out"
    cmd = _command(src, out, "--shard-size", "3", "--batch-size", "1", "--engine", "ray", "-q")
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    deadline = time.time() + 300
    while time.time() < deadline and not list(out.glob("shard-*.jsonl")):
        time.sleep(0.05)
    killed = _ray_workers()
    for pid in killed:
        os.kill(pid, signal.SIGKILL)
    written = len(list(out.glob("shard-*.jsonl")))
    assert killed and written < 101, "the kill did not land mid-run; the test proved nothing"
    try:
        _, first_err = proc.communicate(timeout=600)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode != 0, first_err[-3000:]  # it failed an input, or it was cut short
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode in (0, 1), done.stderr  # 1 when empty.txt's shard is redone now
    ids = _ids(out)
    assert len(ids) == len(set(ids)) == 301
    assert len(list(out.glob("shard-*.jsonl"))) == 101
    assert not list(out.glob(".*.tmp"))


def test_output_to_a_pyarrow_filesystem_uri_then_ingest_from_it(tmp_path: Path) -> None:
    """OUTPUT given as a file:// URI goes through pyarrow's filesystem layer (the code path
    s3:// and gs:// use): shards land, a rerun skips them, and ingest reads the URI back."""
    src, out = _inputs(tmp_path / "in", 7), tmp_path / "out"
    uri = out.as_uri()
    first = subprocess.run(_command(src, uri, "--shard-size", "4"), capture_output=True,
                           text=True, timeout=300, check=False)
    assert first.returncode == 1 and "7 done, 1 failed" in first.stderr, first.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "errors-00000.jsonl", "errors-00001.jsonl", "shard-00000.jsonl", "shard-00001.jsonl"]
    again = subprocess.run(_command(src, uri, "--shard-size", "4"), capture_output=True,
                           text=True, timeout=300, check=False)
    assert "8 skipped (already in 2 shards)" in again.stderr, again.stderr
    db = tmp_path / "store.duckdb"
    stored = subprocess.run([sys.executable, "-m", "narrascope", "ingest", uri, "--db", str(db),
                             "--no-stories"], capture_output=True, text=True, timeout=300,
                            check=False)
    assert "7 new, 0 updated, 0 unchanged, 1 failed" in stored.stderr, stored.stderr


def test_output_to_s3_through_a_local_s3_server(tmp_path: Path) -> None:
    """S3 cannot be reached here, so a local moto server speaking the S3 protocol stands in
    for it (the only double in this test): batch writes its shards as objects, a rerun skips
    them, and ingest reads them back from s3://."""
    pytest.importorskip("moto")
    import boto3
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        env = {**os.environ, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
               "AWS_DEFAULT_REGION": "us-east-1", "AWS_ENDPOINT_URL": endpoint}
        boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                     aws_access_key_id="test", aws_secret_access_key="test"
                     ).create_bucket(Bucket="news")
        uri = f"s3://news/run1?endpoint_override={host}:{port}&scheme=http"
        src = _inputs(tmp_path / "in", 5)
        first = subprocess.run(_command(src, uri, "--shard-size", "3"), capture_output=True,
                               text=True, timeout=300, check=False, env=env)
        assert first.returncode == 1 and "5 done, 1 failed" in first.stderr, first.stderr
        keys = sorted(o["Key"] for o in boto3.client(
            "s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test",
            aws_secret_access_key="test").list_objects_v2(Bucket="news")["Contents"]
            if not o["Key"].endswith("/"))  # pyarrow marks the folder with an empty object
        assert keys == ["run1/errors-00000.jsonl", "run1/errors-00001.jsonl",
                        "run1/shard-00000.jsonl", "run1/shard-00001.jsonl"]
        again = subprocess.run(_command(src, uri, "--shard-size", "3"), capture_output=True,
                               text=True, timeout=300, check=False, env=env)
        assert "6 skipped (already in 2 shards)" in again.stderr, again.stderr
        stored = subprocess.run([sys.executable, "-m", "narrascope", "ingest", uri, "--db",
                                 str(tmp_path / "s.duckdb"), "--no-stories"],
                                capture_output=True, text=True, timeout=300, check=False, env=env)
        assert "5 new, 0 updated, 0 unchanged, 1 failed" in stored.stderr, stored.stderr
    finally:
        server.stop()
