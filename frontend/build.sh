#!/usr/bin/env bash
# Builds the SPA into frontend/dist, ready to be served as it lies; the `journal` binary serves that
# folder (JOURNAL_SPA_DIR) or embeds it (feature embed-spa):
#  - the wasm module (wasm-bindgen, then wasm-opt -Oz), its JS glue, boot.js, style.css and the
#    favicon under content-hashed names (`journal_frontend_bg.<16 hex>.wasm`), which the server
#    caches for a year as immutable; the references between them are rewritten to those names;
#  - index.html, naming the current build (served `no-cache` with an ETag);
#  - beside every file its brotli (`.br`, quality 11) and gzip (`.gz`, level 9) copy: the server
#    sends them as they are and compresses nothing per request.
# Needs the wasm32 target, the wasm-bindgen CLI of the same version as the wasm-bindgen crate in
# Cargo.lock, wasm-opt from the npm package `binaryen` (`make tools` installs it into .tools/; set
# WASM_OPT to use another) and node, which runs wasm-opt and compresses (its zlib has brotli, so no
# brotli program is needed).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
case "$target_dir" in
  /*) ;;
  *) target_dir="$root/$target_dir" ;;
esac
dist="$here/dist"
wasm_opt="${WASM_OPT:-$root/.tools/node_modules/.bin/wasm-opt}"

if ! command -v wasm-bindgen >/dev/null 2>&1; then
  echo "build.sh: wasm-bindgen not found; install it with" >&2
  echo "  cargo install wasm-bindgen-cli --version <the wasm-bindgen version in Cargo.lock> --locked" >&2
  exit 1
fi
if ! command -v "$wasm_opt" >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  echo "build.sh: wasm-opt ($wasm_opt) or node not found; run \`make tools\`" >&2
  echo "  (npm install --prefix .tools binaryen), or set WASM_OPT to a current wasm-opt" >&2
  exit 1
fi

cd "$root"
if [ -f Cargo.lock ]; then
  want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
  have="$(wasm-bindgen --version | awk '{ print $2 }')"
  if [ -n "$want" ] && [ "$want" != "$have" ]; then
    echo "build.sh: wasm-bindgen CLI $have does not match the wasm-bindgen crate $want in Cargo.lock;" >&2
    echo "  cargo install wasm-bindgen-cli --version $want --locked" >&2
    exit 1
  fi
fi
# Link-time optimisation roughly halves the module, and optimising the dependencies for size too
# (the workspace profile does so for journal-frontend only) takes off another 5 %. These only
# concern this wasm build (the variables are set for this one cargo call); set them in the
# environment to override.
CARGO_PROFILE_RELEASE_LTO="${CARGO_PROFILE_RELEASE_LTO:-true}" \
CARGO_PROFILE_RELEASE_OPT_LEVEL="${CARGO_PROFILE_RELEASE_OPT_LEVEL:-z}" \
CARGO_PROFILE_RELEASE_CODEGEN_UNITS="${CARGO_PROFILE_RELEASE_CODEGEN_UNITS:-1}" \
  cargo build -p journal-frontend --release --target wasm32-unknown-unknown

rm -rf "$dist"
mkdir -p "$dist"
wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
  --out-dir "$dist" \
  "$target_dir/wasm32-unknown-unknown/release/journal_frontend.wasm"
# The features are the ones rustc enables by default for wasm32-unknown-unknown (every current
# browser has them); wasm-opt refuses a module that uses a feature it was not given.
"$wasm_opt" -Oz --enable-bulk-memory --enable-multivalue --enable-mutable-globals \
  --enable-nontrapping-float-to-int --enable-reference-types --enable-sign-ext \
  -o "$dist/journal_frontend_bg.wasm" "$dist/journal_frontend_bg.wasm"
cp "$here/index.html" "$here/boot.js" "$here/style.css" "$here/favicon.svg" "$dist/"

# hashed NAME: renames dist/NAME (stem.ext) to stem.<first 16 hex of its SHA-256>.ext, prints that.
hashed() {
  local stem="${1%.*}" ext="${1##*.}" hash
  hash="$(sha256sum "$dist/$1" | cut -c1-16)"
  mv "$dist/$1" "$dist/$stem.$hash.$ext"
  echo "$stem.$hash.$ext"
}
# point FILE OLD NEW: replaces every OLD in dist/FILE by NEW; fails when FILE does not contain OLD
# (e.g. a wasm-bindgen whose glue names the module differently), rather than ship a broken page.
point() {
  if ! grep -qF -- "$2" "$dist/$1"; then
    echo "build.sh: dist/$1 does not contain $2" >&2
    exit 1
  fi
  sed -i "s|${2//./\\.}|$3|g" "$dist/$1"
}

# Each file is hashed after the names inside it are rewritten, so a new module gives a new glue,
# a new boot.js and a new index.html.
wasm="$(hashed journal_frontend_bg.wasm)"
point journal_frontend.js "'journal_frontend_bg.wasm'" "'$wasm'"
glue="$(hashed journal_frontend.js)"
point boot.js "'/journal_frontend.js'" "'/$glue'"
boot="$(hashed boot.js)"
style="$(hashed style.css)"
favicon="$(hashed favicon.svg)"
point index.html '"/journal_frontend_bg.wasm"' "\"/$wasm\""
point index.html '"/journal_frontend.js"' "\"/$glue\""
point index.html '"/boot.js"' "\"/$boot\""
point index.html '"/style.css"' "\"/$style\""
point index.html '"/favicon.svg"' "\"/$favicon\""

# Every file (index.html too) gets its .br and .gz, even where that saves little: the server then
# never falls back to compressing on the fly.
node - "$dist" <<'EOF'
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
  const full = path.join(dir, entry.name);
  return entry.isDirectory() ? walk(full) : [full];
});
for (const file of walk(process.argv[2])) {
  const data = fs.readFileSync(file);
  fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(data, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_LGWIN]: zlib.constants.BROTLI_MAX_WINDOW_BITS,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  }));
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: 9 }));
}
EOF

echo "SPA built in $dist"
ls -l "$dist"
