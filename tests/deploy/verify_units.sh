#!/bin/bash
# The shipped systemd units are valid (systemd-analyze verify, with /opt/kestrel pointed at this
# build), and the cron line runs the indexer with the same index and flags as the service.
set -euo pipefail
source_dir=$1 binary_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/opt/kestrel/build"
ln -s "$binary_dir/bin" "$work/opt/kestrel/build/bin"
for unit in "$source_dir"/deploy/*.service "$source_dir"/deploy/*.timer; do
  name=$(basename "$unit")
  name=${name/@./@1.}  # a template is verified as its first instance
  sed "s|/opt/kestrel|$work/opt/kestrel|g; s|^User=.*||; s|^Group=.*||" "$unit" > "$work/$name"
done
# verify only warns about unknown keys and typos: any message at all is a failure here.
messages=$(systemd-analyze verify --man=no "$work"/*.service "$work"/*.timer 2>&1) || true
if [[ -n "$messages" ]]; then
  echo "$messages" >&2
  exit 1
fi

flags_of() { grep -o 'kestrel-index --corpus [^>]*--json' "$1" | sed 's|/opt/kestrel/||g; s|--corpus [^ ]*||'; }
service_flags=$(flags_of "$source_dir/deploy/kestrel-index.service")
cron_flags=$(flags_of "$source_dir/deploy/kestrel-index.cron")
if [[ -z "$service_flags" || "$service_flags" != "$cron_flags" ]]; then
  echo "service runs '$service_flags' but cron runs '$cron_flags'" >&2
  exit 1
fi
echo "units verified; both run: $service_flags"
