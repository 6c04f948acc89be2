#!/usr/bin/env bash
# Lints the OpenAPI document with Redocly's recommended rules (redocly.yaml; deliberate exceptions in
# .redocly.lint-ignore.yaml). Needs Node.js and npm; skipped with the reason where they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v npx > /dev/null; then
  echo "OpenAPI lint skipped: npx (Node.js and npm) is not installed"
  exit 0
fi
npx --yes @redocly/cli@2.77.0 lint --format=stylish --config redocly.yaml \
  adapters-rest/src/main/resources/META-INF/openapi.yaml
