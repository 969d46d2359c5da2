"""read_paths over good and bad inputs: every item gives an article or a one-line error."""

import gzip
import json
from datetime import date
from pathlib import Path

import pytest

from marsad.ingest import article_from_record, read_paths
from marsad.ingest.decode import decode_bytes
from marsad.model import Article, DatePrecision, IngestError

TITLE = "اشتباكات في بلدة الوادي"
BODY = "قال مصدر محلي إن اشتباكات اندلعت مساء الأربعاء في بلدة الوادي وأسفرت عن مقتل ثلاثة مسلحين."
DUMP = f"{TITLE}\n\n  • 2/9/2018\n  • 10:30\n  • 4\n  •\nnews-picture\n\n{BODY}\n\nمشاركة :\n"
SENTENCES = " ".join(
    [BODY, "وأضاف المصدر أن القوات الحكومية أرسلت تعزيزات إلى المنطقة بعد ساعات من بدء الاشتباكات."] * 4
)
HTML = (
    "<html><head><title>اشتباكات في الوادي</title>"
    '<link rel="canonical" href="https://news.example.org/2018/02/09/clashes">'
    '<meta property="article:published_time" content="2018-02-09T08:00:00+00:00"></head>'
    f"<body><article><h1>اشتباكات في الوادي</h1><p>{SENTENCES}</p><p>{SENTENCES}</p></article></body></html>"
)


def _articles(items: list) -> dict[str, Article]:
    return {item.id: item for item in items if isinstance(item, Article)}


def _errors(items: list) -> dict[str, str]:
    return {Path(e.item.split(":")[0]).name: e.reason for e in items if isinstance(e, IngestError)}


@pytest.fixture
def bad_inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "cp1256.txt").write_bytes(DUMP.encode("cp1256"))
    (folder / "iso.txt").write_bytes(DUMP.replace("•", "*").encode("iso8859-6"))
    (folder / "utf16.txt").write_bytes(DUMP.encode("utf-16"))
    (folder / "bom.txt").write_bytes(b"\xef\xbb\xbf" + DUMP.encode("utf-8"))
    (folder / "huge.txt").write_bytes(DUMP.encode("utf-8") * 200)
    (folder / "broken.html").write_text(HTML[: len(HTML) // 2], encoding="utf-8")
    (folder / "page.html").write_text(HTML, encoding="utf-8")
    (folder / "noarticle.html").write_text("<html><body><div><a href='/'>الرئيسية</a></div></body></html>")
    good = {"id": "rec-1", "title": TITLE, "date": "2018-02-09T10:00:00", "url": None, "text": BODY}
    lines = [json.dumps(good, ensure_ascii=False), "{not json", json.dumps({"id": "rec-2", "text": ""}),
             json.dumps({**good, "id": "rec-3"}, ensure_ascii=False)]
    (folder / "records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "dump.txt.gz").write_bytes(gzip.compress(DUMP.encode("utf-8")))
    return folder


def test_a_directory_walk_reads_article_formats_only(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# notes", encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    (tmp_path / "page.txt").write_text(DUMP, encoding="utf-8")
    items = list(read_paths([tmp_path]))
    assert [type(item) for item in items] == [Article]
    explicit = list(read_paths([tmp_path / "photo.png"]))
    assert isinstance(explicit[0], IngestError)  # a file named explicitly is always read


def test_bad_inputs_each_give_an_article_or_a_named_error(bad_inputs: Path) -> None:
    items = list(read_paths([bad_inputs], max_bytes=20_000))
    articles, errors = _articles(items), _errors(items)
    for name in ("cp1256", "utf16", "bom", "dump"):
        assert articles[name].title == TITLE
        assert articles[name].text == BODY
    assert articles["iso"].text == BODY  # ISO-8859-6 has no bullet sign; the test wrote «*»
    assert articles["cp1256"].meta["encoding"] == "cp1256"
    assert articles["iso"].meta["encoding"] == "iso8859-6"
    assert set(errors) == {"empty.txt", "binary.txt", "huge.txt", "noarticle.html", "records.jsonl"}
    assert errors["empty.txt"] == "empty file"
    assert "binary" in errors["binary.txt"]
    assert "size limit" in errors["huge.txt"]
    assert "no article" in errors["noarticle.html"]
    assert all("\n" not in reason for reason in errors.values())
    jsonl_errors = [e.item for e in items if isinstance(e, IngestError) and "records.jsonl" in e.item]
    assert [item.rsplit(":", 1)[1] for item in jsonl_errors] == ["2", "3"]
    assert {"rec-1", "rec-3"} <= set(articles)
    names = [i.item if isinstance(i, IngestError) else i.meta.get("path", "") for i in items]
    broken = [name for name in names if "broken" in name]
    assert len(broken) == 1  # half an HTML page: an article or one error, never a crash


def test_html_page_gives_body_title_url_and_metadata_date(bad_inputs: Path) -> None:
    (page,) = [a for a in read_paths([bad_inputs / "page.html"]) if isinstance(a, Article)]
    assert page.title == "اشتباكات في الوادي"
    assert page.text.startswith("قال مصدر محلي")
    assert page.url == "https://news.example.org/2018/02/09/clashes"
    assert page.published.value == date(2018, 2, 9)
    assert page.source == "news.example.org"


def test_dump_date_decided_by_weekday_and_kept_honest(bad_inputs: Path) -> None:
    (article,) = list(read_paths([bad_inputs / "bom.txt"]))
    assert isinstance(article, Article)
    assert article.published.value == date(2018, 2, 9)  # «مساء الأربعاء»: Friday 9 Feb, not Sunday 2 Sep
    assert article.published.time == "10:30"
    assert "weekday" in article.published.reason


def test_batch_infers_the_order_of_one_source(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    plain = "قال مصدر إن قصفا استهدف البلدة."
    (site / "a.txt").write_text(f"عنوان أول\n  • 25/3/2018\n\n{plain}\n", encoding="utf-8")
    (site / "b.txt").write_text(f"عنوان ثان\n  • 2/9/2018\n\n{plain}\n", encoding="utf-8")
    articles = _articles(list(read_paths([str(site / "*.txt")])))
    assert articles["a"].published.value == date(2018, 3, 25)
    assert articles["b"].published.value == date(2018, 9, 2)
    assert "source order dmy" in articles["b"].published.reason
    (alone,) = list(read_paths([site / "b.txt"]))
    assert alone.published.precision is DatePrecision.AMBIGUOUS


def test_explicit_date_order_wins(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text("عنوان\n  • 2/9/2018\n\nقال مصدر إن قصفا استهدف البلدة.\n", encoding="utf-8")
    (article,) = list(read_paths([path], date_order="mdy"))
    assert article.published.value == date(2018, 2, 9)
    assert article.published.reason == "explicit date order mdy"


def test_missing_paths_are_errors_and_the_batch_continues(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text(DUMP, encoding="utf-8")
    items = list(read_paths([tmp_path / "missing.txt", str(tmp_path / "*.nothing"), path]))
    assert [type(i).__name__ for i in items] == ["IngestError", "IngestError", "Article"]


def test_article_from_record_keeps_id_provenance_and_outlet() -> None:
    record = {"id": "ant-FR-middleEast-1-20180217", "source_repo": "r", "source_path": "p/x.txt",
              "title": TITLE, "date": "2018-02-17", "url": "http://example.org/a",
              "text": "news-picture\n" + BODY}
    article = article_from_record(record)
    assert (article.id, article.source, article.text) == (record["id"], "FR", BODY)
    assert article.meta == {"source_repo": "r", "source_path": "p/x.txt"}
    assert article.published.reason == "source record date"
    assert article_from_record({**record, "id": "snn-2015-07-24-1"}).source == "snn"
    assert article_from_record({**record, "source": "وكالة"}).source == "وكالة"


def test_decode_prefers_the_arabic_reading() -> None:
    assert decode_bytes(BODY.encode("iso8859-6")) == (BODY, "iso8859-6")
    assert decode_bytes(BODY.encode("cp1256")) == (BODY, "cp1256")
    assert decode_bytes(BODY.encode("utf-16-be").join([b"\xfe\xff", b""])) == (BODY, "utf-16-be")


@pytest.mark.shared
def test_seed_dump(shared_dir: Path) -> None:
    seed = shared_dir / "corpus/seed/000_220c54a14a9c5708.txt"
    (article,) = list(read_paths([seed]))
    # The headline is the page's first line (read from ../shared, never copied into the repo).
    assert article.title == seed.read_text(encoding="utf-8").splitlines()[0].strip()
    assert article.title.startswith("مقتل 100")
    assert article.published.value == date(2018, 2, 9)
    assert "weekday الأربعاء" in article.published.reason
    assert article.text.startswith("قال مسؤول")
    for debris in ("news-picture", "مشاركة", "•"):
        assert debris not in article.text


@pytest.mark.shared
def test_conflict_sample_reads_without_error(shared_dir: Path) -> None:
    items = list(read_paths([shared_dir / "corpus/conflict_sample.jsonl.gz"]))
    assert len(items) == 299
    assert all(isinstance(item, Article) and item.published.value for item in items)


def test_html_numeric_metadata_date_is_decided_honestly(tmp_path: Path) -> None:
    page = tmp_path / "ambiguous.html"
    page.write_text(HTML.replace('property="article:published_time" content="2018-02-09T08:00:00+00:00"',
                                 'name="date" content="2/9/2018"'), encoding="utf-8")
    (article,) = list(read_paths([page]))
    assert article.published.raw == "2/9/2018"
    assert article.published.value == date(2018, 2, 9)  # «مساء الأربعاء» in the body
    assert "weekday" in article.published.reason
