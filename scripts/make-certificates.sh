#!/usr/bin/env bash
# Makes a small Arrowhead-style PKI for trying TLS and the certificate policy locally:
#   ca.pem                     the local cloud's CA
#   serviceorchestration.*     this system (CN SimpleStoreServiceOrchestration.<cloud>.<org>.arrowhead.eu, profile sy)
#   sysop.*                    an operator (profile op: the sysop)
#   consumer.*                 an application system (profile sy)
# Arrowhead identities: CN <system>.<cloud>.<organization>.arrowhead.eu, profile code in dnQualifier.
# Usage: scripts/make-certificates.sh [directory] [cloud] [organization]   (default: ./certs TestCloud Company)
set -euo pipefail
dir=${1:-certs}
cloud=${2:-TestCloud}
org=${3:-Company}
mkdir -p "$dir"
cd "$dir"

openssl req -x509 -newkey rsa:2048 -nodes -days 365 -keyout ca.key -out ca.pem \
  -subj "/CN=${cloud}.${org}.arrowhead.eu" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null

issue() { # name system profile
  local name=$1 system=$2 profile=$3
  openssl req -newkey rsa:2048 -nodes -keyout "$name.key" -out "$name.csr" \
    -subj "/CN=${system}.${cloud}.${org}.arrowhead.eu/dnQualifier=${profile}" 2>/dev/null
  openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 365 -out "$name.pem" \
    -extfile <(printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n') 2>/dev/null
  rm -f "$name.csr"
}

issue serviceorchestration SimpleStoreServiceOrchestration sy
issue sysop Sysop op
issue consumer TemperatureConsumer sy
rm -f ca.srl
echo "Certificates in $(pwd): ca.pem, serviceorchestration.{pem,key}, sysop.{pem,key}, consumer.{pem,key}"
