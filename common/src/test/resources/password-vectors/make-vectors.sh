#!/bin/sh
# Regenerates the password test vectors with tools independent of Nereid.
# pbkdf2: Python's hashlib.pbkdf2_hmac; bcrypt: Apache's htpasswd ($2y$) and
# glibc/libxcrypt crypt(3) through Python's crypt module ($2a$, $2b$).
# Random salts make every run produce different (equally valid) vectors.
set -e
cd "$(dirname "$0")"

python3 - > pbkdf2.jsonl <<'PY'
import hashlib, json, os
cases = [("sybil", 8, 4096, 32), ("", 8, 4096, 32), ("pässwörd ✓", 8, 4096, 32),
         ("long key", 16, 1000, 64), ("short key", 4, 1, 16), ("x" * 200, 8, 10000, 32)]
for pw, saltlen, it, keylen in cases:
    salt = os.urandom(saltlen)
    key = hashlib.pbkdf2_hmac("sha256", pw.encode("utf-8"), salt, it, keylen)
    print(json.dumps({"password": pw, "stored": {"type": "pbkdf2", "hash": "sha-256",
          "key": key.hex(), "salt": salt.hex(), "iterations": it}}, ensure_ascii=False))
PY

{
  for pw in 'Tr0ub4dor&3' 'pässwörd' ''; do
    hash=$(htpasswd -bnBC 5 user "$pw" | head -1 | cut -d: -f2-)
    python3 -c 'import json,sys; print(json.dumps({"password": sys.argv[1], "stored": {"type": "bcrypt", "key": sys.argv[2]}}, ensure_ascii=False))' "$pw" "$hash"
  done
  python3 -W ignore - <<'PY'
import crypt, json
for prefix, pw in [("$2a$05$", "correct horse"), ("$2b$06$", "battery staple"), ("$2b$04$", "a" * 72)]:
    h = crypt.crypt(pw, prefix + crypt.mksalt(crypt.METHOD_BLOWFISH)[7:])
    print(json.dumps({"password": pw, "stored": {"type": "bcrypt", "key": h}}))
PY
} > bcrypt.jsonl
