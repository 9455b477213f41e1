#!/usr/bin/env bash
# FreeTDS tsql (Debian freetds-bin): TLS required and validated through the
# freetds.conf that FREETDSCONF names. tsql sends SQL batches only, so the
# procedure call is an EXEC inside a batch.
set -u
out=$(mktemp)
fail=0
run() { # run NAME SQL: runs SQL through tsql, output in $out
	printf '%s\ngo\nquit\n' "$2" | tsql -S fidelity -U "$FID_USER" -P "$FID_PASSWORD" -D master >"$out" 2>&1
}
check() { # check NAME PATTERN...: every pattern must occur in the output
	local name=$1 p missing=()
	shift
	for p in "$@"; do grep -qF -- "$p" "$out" || missing+=("$p"); done
	if grep -q '^Msg [0-9]' "$out" && [[ $name != server-error-208 ]]; then missing+=("(no server error)"); fi
	if ((${#missing[@]})); then
		echo "FAIL tsql $name: missing ${missing[*]}"
		sed 's/^/    /' "$out" | head -40 >&2
		fail=$((fail + 1))
	else
		echo "PASS tsql $name"
	fi
}

run login-tls "SELECT 1 AS one, @@VERSION AS v"
check login-tls "Microsoft SQL Server"

T=fid_types_tsql
printf -v sql '%b' "DROP TABLE IF EXISTS $T
CREATE TABLE $T (id int NOT NULL PRIMARY KEY, c_int int NULL, c_bigint bigint NULL, c_decimal decimal(18,4) NULL,
 c_money money NULL, c_float float NULL, c_varchar varchar(50) NULL, c_nvarchar nvarchar(50) NULL,
 c_nvarcharmax nvarchar(max) NULL, c_text text NULL, c_varbinary varbinary(50) NULL, c_date date NULL,
 c_datetime2 datetime2(7) NULL, c_datetimeoffset datetimeoffset(7) NULL, c_guid uniqueidentifier NULL,
 c_xml xml NULL, c_variant sql_variant NULL, c_bit bit NULL)
INSERT INTO $T VALUES (1, 2147483647, -9223372036854775807, 12345678901234.5678, 922337203685477.5807, -2.25,
 'caf\u00e9', N'\u65e5\u672c\u00fc', REPLICATE(CAST(N'z' AS nvarchar(max)), 5000), 'some text', 0xDEADBEEF,
 '2024-02-29', '2024-01-02T03:04:05.1234560', '2024-01-02T03:04:05.1234560+05:30',
 '6F9619FF-8B86-D011-B42D-00C04FC964FF', CAST(N'<a>x</a>' AS xml), CAST(42 AS int), 1)
INSERT INTO $T (id) VALUES (2)"
run create "$sql"
check create-table-every-type # no server error

run every-type-out "SELECT * FROM $T ORDER BY id"
check every-type-out 2147483647 -9223372036854775807 12345678901234.5678 922337203685477.5807 "caf$(printf '\u00e9')" \
	"$(printf '\u65e5\u672c\u00fc')" zzzzzzzzzz "some text" deadbeef "Feb 29 2024" "6F9619FF-8B86-D011-B42D-00C04FC964FF" \
	"<a>x</a>" "(2 rows affected)"

run rpc-params-and-output "DROP PROCEDURE IF EXISTS fid_proc_tsql
go
CREATE PROCEDURE fid_proc_tsql @a int, @c int OUTPUT AS BEGIN SET @c = @a * 2; RETURN 5 END
go
DECLARE @out int, @rc int
EXEC @rc = fid_proc_tsql 21, @out OUTPUT
EXEC sp_executesql N'SELECT @x + 1 AS plus, @o AS out_value, @r AS rc', N'@x int, @o int, @r int', @x = 41, @o = @out, @r = @rc"
check rpc-params-and-output 42 5

run server-error-208 "SELECT * FROM fid_no_such_table"
check server-error-208 "Msg 208" "Invalid object name 'fid_no_such_table'"

run commit-and-rollback "DELETE FROM $T WHERE id >= 10
BEGIN TRAN
INSERT INTO $T (id) VALUES (10)
COMMIT
BEGIN TRAN
INSERT INTO $T (id) VALUES (11)
ROLLBACK
SELECT COUNT(*) AS n, MIN(id) AS lo FROM $T WHERE id >= 10
DROP TABLE $T"
check commit-and-rollback "1	10"

rm -f "$out"
exit $fail
