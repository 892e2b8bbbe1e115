#!/usr/bin/env bash
# Builds example-provider.jar against crosstalk's manager jar, outside the Maven reactor:
# what a user does to plug in their own implementation.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
api="$(ls "$root"/manager/target/crosstalk-manager-*.jar | grep -v sources | head -1)"
out="$(mktemp -d)"
javac --release 17 -cp "$api" -d "$out" $(find "$here/src" -name '*.java')
cp -r "$here/META-INF" "$out/"
jar --create --file "$here/example-provider.jar" -C "$out" .
rm -rf "$out"
echo "$here/example-provider.jar"
