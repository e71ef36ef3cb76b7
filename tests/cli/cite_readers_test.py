#!/usr/bin/python3
"""kestrel-search --cite read by real readers: pandoc (Debian) reads the BibTeX and the CSL-JSON
and formats a reference list from each; bibutils' ris2xml (Debian) reads the RIS with Zotero's
tags. The article's title carries LaTeX's special characters, which must come back as written.
    cite_readers_test.py BIN_DIR"""
import json, os, re, subprocess, sys, tempfile

bin_dir = sys.argv[1]
work = tempfile.mkdtemp(prefix="kestrel-cite-")
title = 'Ketamine & PTSD: 50% {faster} for $5, #1 in_trials ~ "quoted"'
articles = [
    {"id": "feder-2021", "title": title, "text": "Ketamine for PTSD.", "published": "2021-05-01",
     "authors": ["Feder, Adriana", "Costi, Sara"], "journal": "American Journal of Psychiatry",
     "doi": "10.1176/appi.ajp.2020.20050596", "volume": "178", "pages": "193-202",
     "url": "https://example.org/feder"},
    {"id": "web-note", "title": "A clinic note", "text": "Ketamine.", "source": "PubMed"},
]
os.makedirs(os.path.join(work, "corpus"))
with open(os.path.join(work, "corpus", "a.jsonl"), "w") as out:
    for a in articles:
        out.write(json.dumps(a) + "\n")
subprocess.run([os.path.join(bin_dir, "kestrel-index"), "--corpus", os.path.join(work, "corpus"),
                "--index", os.path.join(work, "index")], check=True, capture_output=True)
failures = []


def cite(fmt, article_id):
    return subprocess.run([os.path.join(bin_dir, "kestrel-search"), "--index", os.path.join(work, "index"),
                           "--cite", fmt, article_id], check=True, capture_output=True, text=True).stdout


def expect(what, got, want):
    if got != want:
        failures.append(f"{what}: {got!r}, not {want!r}")


for fmt, reader in (("bibtex", "bibtex"), ("csl-json", "csljson")):
    path = os.path.join(work, "cite." + ("bib" if fmt == "bibtex" else "json"))  # pandoc reads by extension
    with open(path, "w") as out:
        out.write(cite(fmt, "feder-2021") + cite(fmt, "web-note") if fmt == "bibtex" else
                  json.dumps(json.loads(cite(fmt, "feder-2021")) + json.loads(cite(fmt, "web-note"))))
    read = json.loads(subprocess.run(["pandoc", "-f", reader, "-t", "csljson", path],
                                     check=True, capture_output=True, text=True).stdout)
    items = {item["id"]: item for item in read}
    feder = items.get("feder-2021", {})
    # pandoc reads CSL's titles as rich text and makes straight quotes curly: typography, not loss.
    expect(f"{fmt}: title", feder.get("title", "").replace("“", '"').replace("”", '"'), title)
    expect(f"{fmt}: journal", feder.get("container-title"), "American Journal of Psychiatry")
    expect(f"{fmt}: DOI", feder.get("DOI"), "10.1176/appi.ajp.2020.20050596")
    expect(f"{fmt}: volume", str(feder.get("volume")), "178")
    expect(f"{fmt}: pages", feder.get("page"), "193-202")
    expect(f"{fmt}: year", feder.get("issued", {}).get("date-parts", [[0]])[0][0], 2021)
    if len(feder.get("author", [])) != 2:
        failures.append(f"{fmt}: authors {feder.get('author')}")
    expect(f"{fmt}: the note's title", items.get("web-note", {}).get("title"), "A clinic note")
    # A reference list, as pandoc's citeproc formats one (its default style, Chicago).
    listing = subprocess.run(["pandoc", "--citeproc", "--bibliography", path, "-f", "markdown", "-t", "plain"],
                             input='---\nnocite: "@*"\n---\n', check=True, capture_output=True, text=True).stdout
    flat = " ".join(listing.split()).lower()  # the style may capitalise a title
    for part in ("Feder", "American Journal of Psychiatry", "178", "A clinic note", "https://doi.org/10.1176/appi.ajp.2020.20050596"):
        if part.lower() not in flat:
            failures.append(f"{fmt}: the reference list lacks {part!r}: {flat}")

ris_path = os.path.join(work, "cite.ris")
with open(ris_path, "w") as out:
    out.write(cite("ris", "feder-2021"))
mods = subprocess.run(["ris2xml", ris_path], check=True, capture_output=True, text=True).stdout
for part in ('<namePart type="family">Feder</namePart>', '<namePart type="given">Adriana</namePart>', "Costi",
             "<title>American Journal of Psychiatry</title>", '<identifier type="doi">10.1176/appi.ajp.2020.20050596</identifier>',
             "<start>193</start>", "<end>202</end>", "<number>178</number>", "2021"):
    if part not in mods:
        failures.append(f"ris: ris2xml's MODS lacks {part!r}")
# MODS keeps "Title: subtitle" as a title and a subTitle.
first = re.search(r"<titleInfo>\s*<title>(.*?)</title>\s*(?:<subTitle>(.*?)</subTitle>)?", mods)
titles = [": ".join(part for part in first.groups() if part).replace("&amp;", "&").replace("&quot;", '"')] if first else []
if title not in titles:
    failures.append(f"ris: the title did not come back as written: {titles}")

subprocess.run(["rm", "-rf", work])
if failures:
    print("\n".join(failures))
    sys.exit(1)
print("citations: pandoc read BibTeX and CSL-JSON and formatted them; ris2xml read the RIS")
