#!/usr/bin/env bash
# Writes a `search_index` fuzz seed from an exported index folder (`public/_search/<lang>/` or
# `tests/golden/v2/`): the flags byte and query, the manifest, every term file and the first
# fragment and head files, each after the byte that names it (see fuzz_targets/search_index.rs).
#   fuzz/seed-search-index.sh DIR FLAGS QUERY OUT      (FLAGS in hex: 14 = limit 10, 15 = as you type)
set -euo pipefail
dir=$1 flags=$2 query=$3 out=$4
sep='--HMFZ--'
{
  printf "\\x$flags%s" "$query"
  printf '%s' "$sep"
  cat "$dir/manifest.bin"
  for f in "$dir"/[st]-*.bin "$dir"/f-*.bin "$dir"/h-*.bin; do
    [ -e "$f" ] || continue # no head files in an index exported before them
    n=${f##*-}; n=${n%.bin}
    case $(basename "$f") in
      f-*) [ "$n" -lt 4 ] || continue; n=$((n + 128)) ;;
      h-*) [ "$n" -lt 2 ] || continue; n=$((n + 192)) ;;
      *) [ "$n" -lt 128 ] || continue ;;
    esac
    printf '%s' "$sep"
    printf "\\x$(printf %02x "$n")"
    cat "$f"
  done
} >"$out"
