#!/usr/bin/env bash
# The Debian package: built with cpack from this build, its contents and control fields checked,
# then extracted and its programs run on the bundled corpus (index, search, serve).
#   bash package_test.sh BUILD_DIR VERSION
set -euo pipefail
build=$1 version=$2
work=$(mktemp -d)
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

(cd "$build" && cpack -G DEB -B "$work" >/dev/null)
deb="$work/kestrel_${version}_amd64.deb"
[ -f "$deb" ] || fail "no $deb"

contents=$(dpkg-deb -c "$deb" | awk '{print $6}')
for path in ./usr/bin/kestrel-index ./usr/bin/kestrel-server ./usr/bin/kestrel-search \
            ./usr/lib/systemd/system/kestrel-server.service \
            ./usr/lib/systemd/system/kestrel-index.service \
            ./usr/lib/systemd/system/kestrel-index.timer \
            ./usr/lib/systemd/system/kestrel-analytics-report.timer \
            ./etc/kestrel/server.env ./usr/share/doc/kestrel/copyright \
            ./usr/share/man/man1/kestrel-index.1.gz ./usr/share/man/man1/kestrel-server.1.gz \
            ./usr/share/man/man1/kestrel-search.1.gz ./usr/share/doc/kestrel/changelog.gz \
            ./usr/share/kestrel/corpus/taxonomy.yaml \
            ./usr/share/kestrel/corpus/README.md; do
  grep -qxF "$path" <<<"$contents" || fail "the package lacks $path"
done
echo "contents: ok ($(wc -l <<<"$contents") entries)"

[ "$(dpkg-deb -f "$deb" Package)" = kestrel ] || fail "Package"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "Version"
[ "$(dpkg-deb -f "$deb" Architecture)" = amd64 ] || fail "Architecture"
depends=$(dpkg-deb -f "$deb" Depends)
for library in libxapian30 libicu72 libcpp-httplib0.11 libyaml-cpp0.7 libstdc++6 adduser; do
  grep -q "$library" <<<"$depends" || fail "Depends lacks $library: $depends"
done
dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles | grep -qx /etc/kestrel/server.env ||
  fail "server.env is not a conffile"
echo "control: ok (Depends: $depends)"

# Debian's own check of a package: no error and no warning; lintian prints nothing. (As root, as
# in CI, it says so on stderr first: that line is not about the package.)
command -v lintian >/dev/null || fail "lintian is not installed (scripts/install-deps installs it)"
lintian_report=$(lintian --fail-on error,warning "$deb" 2>&1) ||
  fail "lintian: $lintian_report"
lintian_report=$(grep -vxF 'running with root privileges is not recommended!' <<<"$lintian_report" || true)
[ -z "$lintian_report" ] || fail "lintian: $lintian_report"
echo "lintian: ok"

dpkg-deb -x "$deb" "$work/root"
root="$work/root"
# The units run the packaged programs and the packaged corpus, not a checkout.
grep -q '^ExecStart=/usr/bin/kestrel-server$' "$root/usr/lib/systemd/system/kestrel-server.service" ||
  fail "server unit ExecStart"
grep -q 'ExecStart=/usr/bin/kestrel-index --corpus /usr/share/kestrel/corpus ' \
  "$root/usr/lib/systemd/system/kestrel-index.service" || fail "index unit ExecStart"
! grep -v '^#' "$root"/usr/lib/systemd/system/*.service | grep -q /opt/kestrel ||
  fail "a unit uses /opt/kestrel"
for program in kestrel-index kestrel-server kestrel-search; do
  zcat "$root/usr/share/man/man1/$program.1.gz" | grep -q "^\.TH \"\?${program^^}" ||
    fail "man page of $program"
  zcat "$root/usr/share/man/man1/$program.1.gz" | grep -qF -- 'fB\-\-index' ||
    fail "$program's man page lacks --index"
done
grep -q 'GPL-2+' "$root/usr/share/doc/kestrel/copyright" || fail "copyright"
changelog_version=$(zcat "$root/usr/share/doc/kestrel/changelog.gz" | head -1 | sed -n 's/^kestrel (\([^)]*\)).*/\1/p')
[ "$changelog_version" = "$version" ] ||
  fail "the changelog's first entry is '$changelog_version', the package $version"
grep -q 'Xapian' "$root/usr/share/doc/kestrel/copyright" || fail "copyright lacks Xapian"
echo "files: ok"

# The extracted programs run: index the bundled corpus, search it, serve it.
"$root/usr/bin/kestrel-index" --corpus "$root/usr/share/kestrel/corpus" --index "$work/index" --json \
  >"$work/index.json"
[ "$(jq .documents "$work/index.json")" = 17 ] || fail "indexing the bundled corpus: $(cat "$work/index.json")"
"$root/usr/bin/kestrel-search" --index "$work/index" --json ptsd | jq -e '.total > 0' >/dev/null ||
  fail "kestrel-search"
"$root/usr/bin/kestrel-server" --index "$work/index" --port 0 --no-access-log 2>"$work/server.log" &
server=$!
for _ in $(seq 100); do
  url=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/server.log" | head -1 || true)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || fail "the server did not start: $(cat "$work/server.log")"
curl -sf "$url/healthz" | jq -e '.documents == 17' >/dev/null || fail "/healthz"
curl -sf "$url/api/search?q=ketamine" | jq -e '.total > 0' >/dev/null || fail "/api/search"
echo "programs: ok (indexed 17, searched, served $url)"
