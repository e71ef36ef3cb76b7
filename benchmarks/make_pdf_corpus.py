#!/usr/bin/python3
"""Writes the same medical articles twice, as PDFs (tests/tools/make_pdf.py, a page per 300 words)
and as Markdown, for the PDF indexing benchmark; prints the number of articles and PDF pages.

  make_pdf_corpus.py ARTICLES.jsonl.gz COUNT PDF_DIR MARKDOWN_DIR
"""
import argparse
import gzip
import importlib.util
import json
import os
import sys

WORDS_PER_PAGE = 300

spec = importlib.util.spec_from_file_location(
    'make_pdf', os.path.join(os.path.dirname(__file__), '..', 'tests', 'tools', 'make_pdf.py'))
make_pdf = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_pdf)


def main():
    source, count, pdf_dir, md_dir = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    os.makedirs(pdf_dir, exist_ok=True)
    os.makedirs(md_dir, exist_ok=True)
    articles = pages = 0
    with gzip.open(source, 'rt', encoding='utf-8') as lines:
        for line in lines:
            if articles == count:
                break
            doc = json.loads(line)
            words = doc['text'].split()
            if not words:
                continue
            chunks = [' '.join(words[i:i + WORDS_PER_PAGE]) for i in range(0, len(words), WORDS_PER_PAGE)]
            args = argparse.Namespace(page=chunks, title=doc.get('title'), author=None, date=None,
                                      xmp_title=None, image_only=False, nested=0)
            name = 'a%05d' % articles
            with open(os.path.join(pdf_dir, name + '.pdf'), 'wb') as f:
                f.write(make_pdf.build(args))
            with open(os.path.join(md_dir, name + '.md'), 'w', encoding='utf-8') as f:
                f.write('---\ntitle: %s\n---\n\n%s\n' % (json.dumps(doc.get('title') or name), '\n\n'.join(chunks)))
            articles += 1
            pages += len(chunks)
    print(articles, pages)


if __name__ == '__main__':
    main()
