#!/usr/bin/env bash
# Fidelity proof of the TDS test server: starts tests_go/cmd/tdsserver and
# runs the same scenario with clients nobody here wrote: go-mssqldb, pytds,
# pymssql, FreeTDS tsql, Microsoft's mssql-python (ODBC Driver 18) and
# mssql-jdbc. Prints PASS/FAIL per step and a closing summary per client.
#
#   tests_go/fidelity/run.sh [client ...]   # default: all
#
# Environment: FIDELITY_OUT (work dir, default a new /tmp/fidelity.XXXXXX, so
# that runs never share certificates or logs), FIDELITY_VENV (Python venv,
# default /tmp/fidelity-venv, created once),
# FIDELITY_NO_INSTALL=1 (use what is installed), FIDELITY_CAPTURE=1 (record
# the loopback traffic with tshark into $FIDELITY_OUT/capture.pcapng; the
# TDS is readable for the clear-text parts only).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${FIDELITY_OUT:-$(mktemp -d /tmp/fidelity.XXXXXX)}
venv=${FIDELITY_VENV:-/tmp/fidelity-venv}
mkdir -p "$out"
clients=("$@")
((${#clients[@]})) || clients=(go-mssqldb pytds pymssql tsql mssql-python mssql-jdbc)
jdbc_version=13.4.0.jre11

log() { echo "== $*" >&2; }

install() {
	[[ ${FIDELITY_NO_INSTALL:-} == 1 ]] && return
	local need=()
	command -v tsql >/dev/null || need+=(freetds-bin)
	[[ -e /usr/lib/x86_64-linux-gnu/libltdl.so.7 || -e /usr/lib/aarch64-linux-gnu/libltdl.so.7 ]] || need+=(libltdl7)
	dpkg -s libkrb5-3 libgssapi-krb5-2 >/dev/null 2>&1 || need+=(libkrb5-3 libgssapi-krb5-2)
	if [[ ${FIDELITY_CAPTURE:-} == 1 ]]; then command -v tshark >/dev/null || need+=(tshark); fi
	if ((${#need[@]})); then
		log "apt-get install ${need[*]}"
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >"$out/apt.log" 2>&1
	fi
	# pytds 1.17 validates host names with X509.get_extension, gone from pyOpenSSL 24.3.
	if [[ ! -x $venv/bin/python ]]; then
		log "python venv with python-tds, pymssql, mssql-python"
		python3 -m venv "$venv" && "$venv/bin/pip" install -q python-tds pymssql mssql-python "pyOpenSSL<24.3" >"$out/pip.log" 2>&1
	fi
	if ! ls ~/.m2/repository/com/microsoft/sqlserver/mssql-jdbc/$jdbc_version/*.jar >/dev/null 2>&1; then
		log "mvn dependency:get mssql-jdbc $jdbc_version"
		mvn -q dependency:get -Dartifact=com.microsoft.sqlserver:mssql-jdbc:$jdbc_version >"$out/mvn.log" 2>&1
	fi
}

start_server() {
	log "building and starting the test server"
	(cd "$root" && go build -o "$out/tdsserver" ./tests_go/cmd/tdsserver) || return 1
	# A token issuer for FEDAUTH logins: the server trusts its public key.
	openssl genrsa -out "$out/issuer.pem" 2048 2>/dev/null &&
		openssl rsa -in "$out/issuer.pem" -pubout -out "$out/issuer.pub.pem" 2>/dev/null || return 1
	export FID_TOKEN_KEY=$out/issuer.pem
	"$out/tdsserver" -listen 127.0.0.1:0 -cert-dir "$out" -token-issuer-key "$out/issuer.pub.pem" \
		>"$out/server.json" 2>"$out/server.log" &
	server_pid=$!
	for _ in $(seq 100); do [[ -s $out/server.json ]] && break; sleep 0.1; done
	[[ -s $out/server.json ]] || { cat "$out/server.log" >&2; return 1; }
	eval "$(python3 - "$out/server.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
host, port = d["addr"].rsplit(":", 1)
for k, v in {"FID_HOST": host, "FID_PORT": port, "FID_USER": d["user"], "FID_PASSWORD": d["password"],
             "FID_CA": d["ca_file"], "FID_CERT": d["cert_file"]}.items():
    print(f"export {k}='{v}'")
PY
)"
	# FreeTDS (tsql, pymssql): encryption required and the certificate checked against the CA.
	cat >"$out/freetds.conf" <<CONF
[fidelity]
	host = $FID_HOST
	port = $FID_PORT
	tds version = 7.4
	encryption = require
	ca file = $FID_CA
	check certificate hostname = yes
	client charset = UTF-8
CONF
	export FREETDSCONF=$out/freetds.conf
	rm -f "$out/fid.p12"
	keytool -importcert -noprompt -alias tdsserver-ca -file "$FID_CA" -keystore "$out/fid.p12" \
		-storetype PKCS12 -storepass changeit >/dev/null 2>&1
	export FID_TRUSTSTORE=$out/fid.p12
}

run_client() {
	local c=$1
	cd "$here" || return 1
	case $c in
	go-mssqldb) (cd "$root" && go test ./tests_go/fidelity -run TestGoMSSQLDB -count=1 -v) 2>&1 |
		awk '/^    --- (PASS|FAIL): TestGoMSSQLDB\// { split($3, n, "/"); print $2 == "PASS:" ? "PASS" : "FAIL", "go-mssqldb", n[2]; next }
			/Error:|expected|actual/ { print "    " $0; keep = 1; next } keep { print "    " $0; keep = 0 }'
		return "${PIPESTATUS[0]}" ;;
	pytds) "$venv/bin/python" client_pytds.py ;;
	pymssql) "$venv/bin/python" client_pymssql.py ;;
	mssql-python) SSL_CERT_FILE=$FID_CA "$venv/bin/python" client_mssql_python.py ;;
	tsql) ./client_tsql.sh ;;
	mssql-jdbc) java -cp "$(ls ~/.m2/repository/com/microsoft/sqlserver/mssql-jdbc/$jdbc_version/*.jar)" Fidelity.java ;;
	*) echo "FAIL $c: unknown client"; return 1 ;;
	esac
}

install
start_server || { echo "FAIL server did not start"; exit 1; }
trap 'kill "$server_pid" 2>/dev/null; [[ -n ${capture_pid:-} ]] && kill "$capture_pid" 2>/dev/null' EXIT
if [[ ${FIDELITY_CAPTURE:-} == 1 ]]; then
	tshark -i lo -f "tcp port $FID_PORT" -w "$out/capture.pcapng" -q 2>"$out/tshark.log" &
	capture_pid=$!
	sleep 2
fi
passed=0 failed=0
for c in "${clients[@]}"; do
	log "client $c"
	if run_client "$c" >"$out/$c.log" 2>"$out/$c.err"; then
		passed=$((passed + 1)); status=ok
	else
		failed=$((failed + 1)); status=FAILED
	fi
	cat "$out/$c.log"
	echo "client $c: $status (details: $out/$c.log, $out/$c.err)"
done
echo "fidelity: $passed passed, $failed failed"
((failed == 0))
