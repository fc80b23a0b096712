#!/bin/sh
# Installs pdf.js (pdfjs-dist, pinned) and its canvas for Node into DIR (default
# .cache/pdfjs) for the export tests; prints the node_modules path. Needs npm.
set -e
DIR=${1:-.cache/pdfjs}
if [ ! -d "$DIR/node_modules/pdfjs-dist" ] || [ ! -d "$DIR/node_modules/@napi-rs/canvas" ]; then
    npm install --silent --no-audit --no-fund --prefix "$DIR" pdfjs-dist@4.10.38 \
        @napi-rs/canvas@0.1.65 >&2
fi
echo "$(cd "$DIR" && pwd)/node_modules"
