#!/usr/bin/env bash
# Makes TorchSharp's native glue (libLibTorchSharp.so) load on a host whose libstdc++ is older
# than GCC 13 (Debian 12: GLIBCXX_3.4.30). See docs/torchsharp-native-fix.md.
#
# Usage: fix-libtorchsharp.sh OUTPUT_DIR SHIM_CACHE_DIR
# Patches every libLibTorchSharp.so under OUTPUT_DIR (idempotent: a stamp next to each file
# records the hash of the patched result) and removes the 'cpu' directory TorchSharp fills
# with ~600 MB of copied natives when a load failed. Does nothing where the host's
# libstdc++ already defines GLIBCXX_3.4.32.
set -euo pipefail

out_dir=${1:?output directory}
cache_dir=${2:?shim cache directory}
here=$(cd "$(dirname "$0")" && pwd)
version=GLIBCXX_3.4.32
symbol=_ZSt21ios_base_library_initv
shim_name=libdcg_glibcxx_shim.so

# TorchSharp's fallback copy is useless once the glue loads, and huge.
rm -rf "${out_dir%/}/cpu"

libstdcxx=$(g++ -print-file-name=libstdc++.so.6 2>/dev/null || true)
[ -f "$libstdcxx" ] || libstdcxx=$(ldconfig -p | awk '/libstdc\+\+\.so\.6 .*x86-64/ {print $NF; exit}')
if [ -f "$libstdcxx" ] && readelf -V --wide "$libstdcxx" 2>/dev/null | grep -q "Name: $version\b"; then
  exit 0
fi
if [ -f "$libstdcxx" ] && strings "$libstdcxx" | grep -qx "$version"; then
  exit 0
fi

for tool in patchelf g++ python3 sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || { echo "fix-libtorchsharp: $tool is required (scripts/setup installs it)" >&2; exit 1; }
done

mkdir -p "$cache_dir"
shim="$cache_dir/$shim_name"
if [ ! -f "$shim" ] || [ "$here/glibcxx_shim.cpp" -nt "$shim" ]; then
  g++ -shared -fPIC -O2 -nostartfiles -o "$shim.tmp" "$here/glibcxx_shim.cpp"
  mv -f "$shim.tmp" "$shim"
fi

find "$out_dir" -name libLibTorchSharp.so -type f -not -path '*/cpu/*' | while read -r lib; do
  stamp="$lib.dcg-patched"
  # A newer shim replaces the copy beside an already patched glue (through a new file: a running
  # process may have the old one mapped).
  if [ -f "$(dirname "$lib")/$shim_name" ] && ! cmp -s "$shim" "$(dirname "$lib")/$shim_name"; then
    cp -f "$shim" "$(dirname "$lib")/$shim_name.tmp" && mv -f "$(dirname "$lib")/$shim_name.tmp" "$(dirname "$lib")/$shim_name"
  fi
  if [ -f "$stamp" ] && [ "$(sha256sum "$lib" | cut -d' ' -f1)" = "$(cat "$stamp")" ]; then
    continue
  fi
  dir=$(dirname "$lib")
  python3 "$here/weaken_verneed.py" "$lib" "$version" >/dev/null
  patchelf --clear-symbol-version "$symbol" "$lib"
  cp -f "$shim" "$dir/$shim_name"
  if ! patchelf --print-needed "$lib" | grep -qx "$shim_name"; then
    patchelf --add-needed "$shim_name" "$lib"
  fi
  # The package's RUNPATH already starts with $ORIGIN; make sure of it all the same.
  rpath=$(patchelf --print-rpath "$lib")
  case ":$rpath:" in
    *':$ORIGIN:'*|*':$ORIGIN/:'*) ;;
    *) patchelf --set-rpath "\$ORIGIN${rpath:+:$rpath}" "$lib" ;;
  esac
  sha256sum "$lib" | cut -d' ' -f1 > "$stamp"
  echo "fix-libtorchsharp: patched $lib"
done
