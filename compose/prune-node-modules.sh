#!/bin/sh
# Drops from a production node_modules what no container of docker-compose.yml loads, so the
# images stay small (Dockerfile.base runs it; scripts/image-sizes.ts measures with it):
# - chdb's native engine (@chdb/lib-*, ~540 MB): compose runs a ClickHouse server and every
#   service there sets CLICKHOUSE_URL, so the embedded engine is never imported;
# - onnxruntime-node's binaries for other systems (~200 MB): only linux/<this arch> is loaded;
# - source maps, type declarations and Markdown, which nothing reads at run time.
# Usage: prune-node-modules.sh <node_modules dir> [x64|arm64]
set -eu
dir=$1
arch=${2:-x64}
rm -rf "$dir"/.pnpm/@chdb+lib-*
for bin in "$dir"/.pnpm/onnxruntime-node@*/node_modules/onnxruntime-node/bin/napi-v*; do
  [ -d "$bin" ] || continue
  rm -rf "$bin/darwin" "$bin/win32"
  for a in "$bin"/linux/*; do [ "$(basename "$a")" = "$arch" ] || rm -rf "$a"; done
done
find "$dir" -type f \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' -o -name '*.md' \) -delete
