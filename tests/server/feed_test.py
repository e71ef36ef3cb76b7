#!/usr/bin/python3
"""GET /api/feed read by a real feed reader's parser (Debian's python3-feedparser): a corpus of
dated articles, one hostile, indexed and served; the feed must parse cleanly (no 'bozo'), list
the newest matching articles first, never more than 50, and keep article text as text. It must
also be valid against RFC 4287's schema (atom.rng beside this file, checked by xmllint), and the
schema must refuse a feed broken on purpose.
    python3 feed_test.py BIN_DIR"""
import json, os, re, subprocess, sys, tempfile, time, urllib.error, urllib.request

import feedparser

bin_dir = sys.argv[1]
work = tempfile.mkdtemp(prefix="kestrel-feed-")
corpus = os.path.join(work, "corpus")
os.makedirs(corpus)
with open(os.path.join(corpus, "articles.jsonl"), "w") as out:
    for i in range(60):
        out.write(json.dumps({"id": f"study-{i}", "title": f"Ketamine study {i}",
                              "text": "Ketamine for depression and PTSD." if i % 2 else "Ketamine for depression.",
                              "conditions": ["PTSD"] if i % 2 else ["depression"],
                              "published": f"20{10 + i // 12:02d}-{1 + i % 12:02d}-15",
                              "source": "PubMed", "url": f"https://example.org/{i}"}) + "\n")
    out.write(json.dumps({"id": "hostile", "title": "Ketamine <script>alert(1)</script> & \"friends\"",
                          "text": "Ketamine <img src=x onerror=alert(2)> depression.", "published": "2025-06-01"}) + "\n")
    out.write(json.dumps({"id": "undated", "title": "Ketamine undated", "text": "Ketamine depression."}) + "\n")
subprocess.run([os.path.join(bin_dir, "kestrel-index"), "--corpus", corpus, "--index", os.path.join(work, "index")],
               check=True, capture_output=True)
server = subprocess.Popen([os.path.join(bin_dir, "kestrel-server"), "--index", os.path.join(work, "index"),
                           "--port", "0", "--no-access-log"], stderr=subprocess.PIPE, text=True)
failures = []
try:
    url = None
    deadline = time.time() + 10
    while url is None and time.time() < deadline:
        m = re.search(r"on (http://127\.0\.0\.1:\d+)/", server.stderr.readline())
        url = m.group(1) if m else None
    assert url, "the server did not start"

    def fetch(path):
        with urllib.request.urlopen(url + path) as response:
            return response.headers.get("Content-Type"), response.read()

    content_type, body = fetch("/api/feed?q=ketamine&per_page=100")
    feed = feedparser.parse(body)
    if content_type != "application/atom+xml; charset=utf-8": failures.append(f"content type {content_type}")
    if feed.bozo: failures.append(f"feedparser: {feed.bozo_exception}")
    if feed.version != "atom10": failures.append(f"version {feed.version}")
    if len(feed.entries) != 50: failures.append(f"{len(feed.entries)} entries, not 50 (the cap)")
    dates = [e.updated for e in feed.entries]
    if dates != sorted(dates, reverse=True): failures.append("entries not newest first")
    if feed.entries and feed.entries[0].title != 'Ketamine <script>alert(1)</script> & "friends"':
        failures.append(f"first entry {feed.entries[0].title!r}: the hostile article, newest, as text")
    if any(e.title == "Ketamine undated" for e in feed.entries): failures.append("an undated article")
    if feed.entries and feed.entries[1].link != "https://example.org/59": failures.append(f"link {feed.entries[1].link}")
    if "<img" not in feed.entries[0].get("content", [{}])[0].get("value", ""):
        failures.append("the hostile article's text is not kept as text")

    schema = os.path.join(os.path.dirname(os.path.abspath(__file__)), "atom.rng")

    def schema_errors(xml):
        checked = subprocess.run(["xmllint", "--noout", "--relaxng", schema, "-"], input=xml,
                                 capture_output=True)
        return None if checked.returncode == 0 else checked.stderr.decode(errors="replace")

    if (errors := schema_errors(body)) is not None: failures.append(f"not valid Atom: {errors}")
    # The check can fail: a feed without its id, and one with a date that is not RFC 3339.
    if schema_errors(re.sub(rb"<id>[^<]*</id>", b"", body, count=1)) is None:
        failures.append("the schema accepted a feed without an id")
    if schema_errors(re.sub(rb"<updated>[^<]*</updated>", b"<updated>yesterday</updated>", body, count=1)) is None:
        failures.append("the schema accepted a date that is no date")

    _, body = fetch("/api/feed?q=ketamine&condition=PTSD")
    if (errors := schema_errors(body)) is not None: failures.append(f"filtered: not valid Atom: {errors}")
    filtered = feedparser.parse(body)
    if filtered.bozo or len(filtered.entries) != 20: failures.append(f"filtered: {len(filtered.entries)} entries, not the default 20")
    if not all(e.tags and any(t.term == "PTSD" for t in e.tags) for e in filtered.entries):
        failures.append("the condition filter is not applied")

    try:
        fetch("/api/feed?page=0")
        failures.append("a bad parameter did not fail")
    except urllib.error.HTTPError as e:
        if e.code != 400 or "page" not in json.loads(e.read())["error"]["message"]:
            failures.append(f"bad parameter: {e.code}")
finally:
    server.terminate()
    server.wait()
    subprocess.run(["rm", "-rf", work])
if failures:
    print("\n".join(failures))
    sys.exit(1)
print("feed: parsed by feedparser, valid against RFC 4287's schema, 50 newest of 61, filtered, escaped, bad parameters refused")
