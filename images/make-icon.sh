#!/usr/bin/env bash
# Draws images/icon.png (128x128, the Marketplace icon) with ImageMagick: four request lanes that
# converge on one pool, the bottleneck this linter looks for, with a warning dot where they meet.
# Run from the repository root after `apt-get install -y imagemagick`; the PNG is committed.
set -euo pipefail
cd "$(dirname "$0")"
convert -size 128x128 xc:none \
  -fill '#1f2a44' -draw 'roundrectangle 4,4 123,123 22,22' \
  -stroke '#7dd3fc' -strokewidth 7 -fill none \
  -draw 'path "M 22,30 C 55,30 60,64 84,64"' \
  -draw 'path "M 22,52 C 50,52 60,64 84,64"' \
  -draw 'path "M 22,76 C 50,76 60,64 84,64"' \
  -draw 'path "M 22,98 C 55,98 60,64 84,64"' \
  -stroke none -fill '#7dd3fc' \
  -draw 'circle 22,30 22,35' -draw 'circle 22,52 22,57' -draw 'circle 22,76 22,81' -draw 'circle 22,98 22,103' \
  -fill '#fbbf24' -draw 'circle 94,64 94,80' \
  -fill '#1f2a44' -draw 'roundrectangle 91,53 97,68 2,2' -draw 'circle 94,74 94,76.5' \
  -depth 8 -strip icon.png
