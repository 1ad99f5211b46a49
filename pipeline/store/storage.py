"""Object storage: a local directory and S3 behind one small interface.

Keys are '/'-separated paths relative to the archive root. S3 goes through boto3, which reads
AWS_ENDPOINT_URL / AWS_ACCESS_KEY_ID / ... itself, so any S3-compatible endpoint works.
A single put is atomic on both (local: write a temp file, then rename), which is what the
manifest-last publication relies on.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterator, Protocol


class StorageError(Exception):
    pass


class Storage(Protocol):
    url: str

    def put_bytes(self, key: str, data: bytes) -> None: ...
    def put_file(self, key: str, path: Path) -> None: ...
    def get_bytes(self, key: str) -> bytes: ...
    def get_range(self, key: str, offset: int, length: int) -> bytes: ...
    def download(self, key: str, path: Path) -> None: ...
    def exists(self, key: str) -> bool: ...
    def list(self, prefix: str) -> Iterator[str]: ...
    def delete(self, keys: list[str]) -> None: ...
    def size(self, key: str) -> int: ...


class LocalStorage:
    def __init__(self, root: str | Path):
        self.root = Path(root).resolve()
        self.url = str(self.root)

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root not in path.parents and path != self.root:
            raise StorageError(f"key {key!r} escapes the archive root")
        return path

    def put_bytes(self, key: str, data: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)

    def put_file(self, key: str, path: Path) -> None:
        dest = self._path(key)
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".tmp-")
        os.close(fd)
        shutil.copyfile(path, tmp)
        os.replace(tmp, dest)

    def get_bytes(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise StorageError(f"{self.url}/{key}: not found") from None

    def get_range(self, key: str, offset: int, length: int) -> bytes:
        with open(self._path(key), "rb") as fh:
            fh.seek(offset)
            return fh.read(length)

    def download(self, key: str, path: Path) -> None:
        shutil.copyfile(self._path(key), path)

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def list(self, prefix: str) -> Iterator[str]:
        base = self._path(prefix) if prefix else self.root
        start = base if base.is_dir() else base.parent
        if not start.exists():
            return
        for path in sorted(start.rglob("*")):
            if path.is_file() and not path.name.startswith(".tmp-"):
                key = path.relative_to(self.root).as_posix()
                if key.startswith(prefix):
                    yield key

    def delete(self, keys: list[str]) -> None:
        for key in keys:
            self._path(key).unlink(missing_ok=True)

    def size(self, key: str) -> int:
        return self._path(key).stat().st_size


class S3Storage:
    def __init__(self, url: str, client=None):
        rest = url.removeprefix("s3://")
        self.bucket, _, prefix = rest.partition("/")
        if not self.bucket:
            raise StorageError(f"{url}: no bucket in the archive URL (want s3://bucket/prefix)")
        self.prefix = prefix.strip("/")
        self.url = f"s3://{self.bucket}/{self.prefix}".rstrip("/")
        if client is None:
            import boto3
            from botocore.exceptions import BotoCoreError

            try:
                client = boto3.client("s3")
            except BotoCoreError as exc:
                raise StorageError(f"{self.url}: cannot make an S3 client: {exc}") from None
        self.s3 = client

    def _key(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    def _call(self, what: str, key: str, fn, **kwargs):
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return fn(Bucket=self.bucket, **kwargs)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "?")
            raise StorageError(f"s3://{self.bucket}/{self._key(key)}: {what} failed: {code}") from None
        except BotoCoreError as exc:
            raise StorageError(f"s3://{self.bucket}/{self._key(key)}: {what} failed: {exc}") from None

    def put_bytes(self, key: str, data: bytes) -> None:
        self._call("put", key, self.s3.put_object, Key=self._key(key), Body=data)

    def put_file(self, key: str, path: Path) -> None:
        with open(path, "rb") as fh:
            self._call("upload", key, self.s3.put_object, Key=self._key(key), Body=fh)

    def get_bytes(self, key: str) -> bytes:
        return self._call("get", key, self.s3.get_object, Key=self._key(key))["Body"].read()

    def get_range(self, key: str, offset: int, length: int) -> bytes:
        resp = self._call("get", key, self.s3.get_object, Key=self._key(key),
                          Range=f"bytes={offset}-{offset + length - 1}")
        return resp["Body"].read()

    def download(self, key: str, path: Path) -> None:
        Path(path).write_bytes(self.get_bytes(key))

    def exists(self, key: str) -> bool:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.s3.head_object(Bucket=self.bucket, Key=self._key(key))
            return True
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise StorageError(f"s3://{self.bucket}/{self._key(key)}: head failed: "
                               f"{exc.response.get('Error', {}).get('Code', '?')}") from None
        except BotoCoreError as exc:  # endpoint unreachable, no credentials, ...
            raise StorageError(f"s3://{self.bucket}/{self._key(key)}: head failed: {exc}") from None

    def list(self, prefix: str) -> Iterator[str]:
        paginator = self.s3.get_paginator("list_objects_v2")
        cut = len(self.prefix) + 1 if self.prefix else 0
        try:
            for page in paginator.paginate(Bucket=self.bucket, Prefix=self._key(prefix)):
                for obj in page.get("Contents", []):
                    yield obj["Key"][cut:]
        except Exception as exc:  # botocore raises several unrelated types here
            raise StorageError(f"{self.url}: list {prefix!r} failed: {exc}") from None

    def delete(self, keys: list[str]) -> None:
        for i in range(0, len(keys), 1000):
            chunk = [{"Key": self._key(k)} for k in keys[i:i + 1000]]
            if chunk:
                self._call("delete", keys[i], self.s3.delete_objects, Delete={"Objects": chunk})

    def size(self, key: str) -> int:
        return self._call("head", key, self.s3.head_object, Key=self._key(key))["ContentLength"]


def open_storage(url: str) -> Storage:
    if url.startswith("s3://"):
        return S3Storage(url)
    if "://" in url:
        raise StorageError(f"{url}: unsupported archive URL (use s3://bucket/prefix or a directory)")
    return LocalStorage(url)
