"""Local directory and S3 (moto's server over HTTP, boto3 client) behave the same."""
import pytest

from pipeline.store.storage import LocalStorage, S3Storage, StorageError, open_storage


@pytest.fixture(params=["local", "s3"])
def storage(request, tmp_path):
    if request.param == "local":
        return LocalStorage(tmp_path / "archive")
    bucket = request.getfixturevalue("s3_bucket")
    return open_storage(f"s3://{bucket}/some/prefix")


def test_put_get_range_list_delete(storage, tmp_path):
    storage.put_bytes("records/site=a/date=2026-01-01/r1.jsonl.gz", b"0123456789")
    src = tmp_path / "f.bin"
    src.write_bytes(b"abc")
    storage.put_file("raw/site=a/date=2026-01-01/r1.warc.gz", src)
    assert storage.get_bytes("records/site=a/date=2026-01-01/r1.jsonl.gz") == b"0123456789"
    assert storage.get_range("records/site=a/date=2026-01-01/r1.jsonl.gz", 3, 4) == b"3456"
    assert storage.size("raw/site=a/date=2026-01-01/r1.warc.gz") == 3
    assert list(storage.list("records/")) == ["records/site=a/date=2026-01-01/r1.jsonl.gz"]
    assert sorted(storage.list("")) == ["raw/site=a/date=2026-01-01/r1.warc.gz",
                                        "records/site=a/date=2026-01-01/r1.jsonl.gz"]
    storage.put_bytes("records/site=a/date=2026-01-01/r1.jsonl.gz", b"new")  # overwrite is atomic
    assert storage.get_bytes("records/site=a/date=2026-01-01/r1.jsonl.gz") == b"new"
    storage.delete(["records/site=a/date=2026-01-01/r1.jsonl.gz"])
    assert not storage.exists("records/site=a/date=2026-01-01/r1.jsonl.gz")
    with pytest.raises(StorageError, match="not found|NoSuchKey"):
        storage.get_bytes("records/site=a/date=2026-01-01/r1.jsonl.gz")


def test_missing_bucket_is_one_clear_error(s3_server):
    with pytest.raises(StorageError, match="NoSuchBucket"):
        S3Storage("s3://no-such-bucket-here/x").put_bytes("k", b"v")


def test_bad_archive_url():
    with pytest.raises(StorageError, match="unsupported archive URL"):
        open_storage("ftp://x/y")


def test_local_keys_cannot_escape_root(tmp_path):
    with pytest.raises(StorageError, match="escapes"):
        LocalStorage(tmp_path / "a").put_bytes("../../etc/x", b"")
