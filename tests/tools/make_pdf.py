#!/usr/bin/python3
"""Writes small PDFs for the tests and the benchmarks, with nothing but the standard library: a
text layer per page in Helvetica (WinAnsi), and a document information dictionary.

  make_pdf.py OUT.pdf [--title T] [--author A] [--date YYYY-MM-DD] [--xmp-title T]
              [--page TEXT]... [--image-only] [--encrypt] [--truncate] [--nested N]

--image-only  pages with drawing but no text (a scan, to poppler)
--encrypt     encrypted with a user password by qpdf (AES-256)
--truncate    the file cut in half
--nested N    a page whose content holds an array nested N deep (a hostile file)
"""
import argparse
import subprocess
import sys
import textwrap


def pdf_text(s):
    """A PDF literal string in WinAnsi: ( ) and \\ escaped, other characters as '?'."""
    raw = s.encode('cp1252', errors='replace')
    return b'(' + raw.replace(b'\\', b'\\\\').replace(b'(', b'\\(').replace(b')', b'\\)') + b')'


def info_text(s):
    """A text string for the information dictionary: UTF-16BE with its byte-order mark."""
    return b'<FEFF' + s.encode('utf-16-be').hex().upper().encode() + b'>'


def page_stream(text, image_only, nested):
    if image_only:
        return b'0.5 g 72 72 468 648 re f'
    if nested:
        return b'[' * nested + b']' * nested
    lines = []
    for paragraph in text.split('\n'):
        lines += textwrap.wrap(paragraph, 90) or ['']
    out = [b'BT /F1 11 Tf 14 TL 72 740 Td']
    for line in lines[:50]:
        out.append(pdf_text(line) + b" '")
    out.append(b'ET')
    return b'\n'.join(out)


def build(args):
    """The PDF's bytes; `args` has the command line's fields (page, title, author, date, xmp_title,
    image_only, nested), as argparse gives them or as benchmarks/make_pdf_corpus.py sets them."""
    pages = args.page or ['']
    objects = {}
    n_pages = len(pages)
    first_page = 4
    objects[1] = b'<< /Type /Catalog /Pages 2 0 R' + (b' /Metadata %d 0 R' % (first_page + 2 * n_pages + 1) if args.xmp_title else b'') + b' >>'
    kids = b' '.join(b'%d 0 R' % (first_page + 2 * i) for i in range(n_pages))
    objects[2] = b'<< /Type /Pages /Kids [' + kids + b'] /Count %d >>' % n_pages
    objects[3] = b'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'
    for i, text in enumerate(pages):
        page, content = first_page + 2 * i, first_page + 2 * i + 1
        objects[page] = (b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] '
                         b'/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>' % content)
        stream = page_stream(text, args.image_only, args.nested)
        objects[content] = b'<< /Length %d >>\nstream\n' % len(stream) + stream + b'\nendstream'
    info = first_page + 2 * n_pages
    entries = []
    if args.title:
        entries.append(b'/Title ' + info_text(args.title))
    if args.author:
        entries.append(b'/Author ' + info_text(args.author))
    if args.date:
        entries.append(b'/CreationDate (D:' + args.date.replace('-', '').encode() + b'120000Z)')
    objects[info] = b'<< ' + b' '.join(entries) + b' >>'
    if args.xmp_title:
        xmp = ('<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
               '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
               '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
               '<dc:title><rdf:Alt><rdf:li xml:lang="x-default">' + args.xmp_title +
               '</rdf:li></rdf:Alt></dc:title></rdf:Description></rdf:RDF></x:xmpmeta>'
               '<?xpacket end="w"?>').encode()
        objects[info + 1] = (b'<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n' % len(xmp)
                             + xmp + b'\nendstream')
    out = bytearray(b'%PDF-1.4\n%\xe2\xe3\xcf\xd3\n')
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b'%d 0 obj\n' % number + objects[number] + b'\nendobj\n'
    size = max(objects) + 1
    xref = len(out)
    out += b'xref\n0 %d\n0000000000 65535 f \n' % size
    for number in range(1, size):
        out += b'%010d 00000 n \n' % offsets[number]
    out += b'trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (size, info, xref)
    return bytes(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('out')
    parser.add_argument('--title')
    parser.add_argument('--author')
    parser.add_argument('--date')
    parser.add_argument('--xmp-title')
    parser.add_argument('--page', action='append')
    parser.add_argument('--image-only', action='store_true')
    parser.add_argument('--encrypt', action='store_true')
    parser.add_argument('--truncate', action='store_true')
    parser.add_argument('--nested', type=int, default=0)
    args = parser.parse_args()
    data = build(args)
    if args.truncate:
        data = data[:len(data) // 2]
    with open(args.out, 'wb') as f:
        f.write(data)
    if args.encrypt:
        plain = args.out + '.plain'
        with open(plain, 'wb') as f:
            f.write(data)
        subprocess.run(['qpdf', '--encrypt', 'reader', 'owner', '256', '--', plain, args.out], check=True)
        subprocess.run(['rm', '-f', plain], check=True)


if __name__ == '__main__':
    sys.exit(main())
