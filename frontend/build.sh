#!/usr/bin/env bash
# Builds the SPA into frontend/dist: the wasm module and its JS glue, index.html, style.css and the
# favicon. The `journal` binary serves that folder (JOURNAL_SPA_DIR). Needs the wasm32 target and the
# wasm-bindgen CLI of the same version as the wasm-bindgen crate in Cargo.lock.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
case "$target_dir" in
  /*) ;;
  *) target_dir="$root/$target_dir" ;;
esac
dist="$here/dist"

if ! command -v wasm-bindgen >/dev/null 2>&1; then
  echo "build.sh: wasm-bindgen not found; install it with" >&2
  echo "  cargo install wasm-bindgen-cli --version <the wasm-bindgen version in Cargo.lock> --locked" >&2
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
# Link-time optimisation roughly halves the module; it only concerns this wasm build (the variables
# are set for this one cargo call). Set them in the environment to override.
CARGO_PROFILE_RELEASE_LTO="${CARGO_PROFILE_RELEASE_LTO:-true}" \
CARGO_PROFILE_RELEASE_CODEGEN_UNITS="${CARGO_PROFILE_RELEASE_CODEGEN_UNITS:-1}" \
  cargo build -p journal-frontend --release --target wasm32-unknown-unknown

rm -rf "$dist"
mkdir -p "$dist"
wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
  --out-dir "$dist" \
  "$target_dir/wasm32-unknown-unknown/release/journal_frontend.wasm"

# Optional size step: wasm-opt from the npm package `binaryen` (Debian's is too old for current wasm).
if [ "${WASM_OPT:-}" != "" ] && command -v "$WASM_OPT" >/dev/null 2>&1; then
  "$WASM_OPT" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    -o "$dist/journal_frontend_bg.wasm" "$dist/journal_frontend_bg.wasm"
fi

cp "$here/index.html" "$here/boot.js" "$here/style.css" "$here/favicon.svg" "$dist/"
echo "SPA built in $dist"
ls -l "$dist"
