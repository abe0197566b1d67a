"""The WeasyPrint URL fetcher loads only our static files and stored files."""

import pytest

from portfolio.pdf.fetcher import FetchRefused, RestrictedFetcher


@pytest.fixture
def fetcher(tmp_path):
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "a.css").write_text("p {}")
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "img.png").write_bytes(b"\x89PNG")
    (tmp_path / "secret.txt").write_text("secret")
    return RestrictedFetcher([tmp_path / "static", tmp_path / "store"])


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data",
        "https://example.com/x.png",
        "ftp://example.com/x",
        "data:text/plain,hello",
        "file:///etc/passwd",
        "file://evil.example/share/x",
    ],
)
def test_refuses_other_schemes_hosts_and_paths(fetcher, url) -> None:
    with pytest.raises(ValueError):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_refuses_traversal_out_of_an_allowed_folder(fetcher, tmp_path) -> None:
    url = (tmp_path / "store").as_uri() + "/../secret.txt"
    with pytest.raises(FetchRefused):
        fetcher.fetch(url)


def test_refuses_a_symlink_out_of_an_allowed_folder(fetcher, tmp_path) -> None:
    (tmp_path / "store" / "link").symlink_to(tmp_path / "secret.txt")
    with pytest.raises(FetchRefused):
        fetcher.fetch((tmp_path / "store" / "link").as_uri())


def test_serves_allowed_files(fetcher, tmp_path) -> None:
    response = fetcher.fetch((tmp_path / "store" / "img.png").as_uri())
    assert response.read() == b"\x89PNG"
    assert response.content_type == "image/png"
