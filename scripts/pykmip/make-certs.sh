#!/usr/bin/env bash
# Throwaway test PKI for KMIP interop runs (PyKMIP <-> ekmsim). NOT for production.
#
# Usage: scripts/pykmip/make-certs.sh OUT_DIR [CLIENT_CN]
#
# Writes into OUT_DIR:
#   ca.crt / ca.key          self-signed CA (RSA 2048, CA:TRUE, keyCertSign|cRLSign)
#   server.crt / server.key  CN=localhost, SAN IP:127.0.0.1 + DNS:localhost, EKU serverAuth
#   client.crt / client.key  CN=CLIENT_CN (default ekmsim-client), EKU clientAuth
# Keys are unencrypted PKCS#8 PEM. Certificates are valid from now for 30 days
# (OpenSSL 3.0's `x509 -req` cannot back-date notBefore; keep clocks in sync).
#
# Why these choices (see server.py header): PyKMIP's server requires the client certificate
# to carry EKU clientAuth and exactly one subject CN (the CN becomes the object owner).
set -euo pipefail

out="${1:?usage: make-certs.sh OUT_DIR [CLIENT_CN]}"
client_cn="${2:-ekmsim-client}"
mkdir -p "$out"
cd "$out"

days=30

# Run openssl quietly; show its stderr only if it fails.
q() { local err; if ! err="$("$@" 2>&1 >/dev/null)"; then echo "$err" >&2; return 1; fi; }
newkey() { q openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1"; }

# --- CA -------------------------------------------------------------------------------------
newkey ca.key
cat > ca.ext <<'EOF'
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
EOF
q openssl req -new -key ca.key -subj "/O=ekmsim test/CN=ekmsim test CA" -out ca.csr
# Self-sign the CSR with explicit extensions (no `openssl ca` database needed).
q openssl x509 -req -in ca.csr -signkey ca.key -extfile ca.ext -sha256 \
  -set_serial "0x$(openssl rand -hex 8)" -days "$days" -out ca.crt

sign() { # name cn extfile
  local name="$1" cn="$2" ext="$3"
  newkey "$name.key"
  q openssl req -new -key "$name.key" -subj "/O=ekmsim test/CN=$cn" -out "$name.csr"
  q openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -extfile "$ext" -sha256 \
    -set_serial "0x$(openssl rand -hex 8)" -days "$days" -out "$name.crt"
}

# --- server -----------------------------------------------------------------------------------
cat > server.ext <<'EOF'
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
sign server localhost server.ext

# --- client -----------------------------------------------------------------------------------
cat > client.ext <<'EOF'
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
sign client "$client_cn" client.ext

rm -f ./*.csr ./*.ext ./*.srl
chmod 600 ./*.key
q openssl verify -CAfile ca.crt server.crt client.crt
echo "certificates written to $(pwd)"
