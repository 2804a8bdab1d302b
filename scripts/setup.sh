#!/usr/bin/env bash
# Installs what building and testing need on Debian 12, only where it is missing. Idempotent.
set -euo pipefail
packages=(build-essential cmake ninja-build pkg-config ccache git curl jq groff-base
          libcli11-dev libcurl4-openssl-dev rapidjson-dev libfmt-dev doctest-dev libcpp-httplib-dev
          libutf8proc-dev libssl-dev openssl clang-format lintian)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
