// mssql-jdbc (Maven Central, Microsoft's Java driver): encrypt=true with the
// certificate validated against a PKCS12 trust store holding the test CA.
// Run: java -cp mssql-jdbc.jar Fidelity.java  (with FID_* in the environment)
import java.math.BigDecimal;
import java.sql.*;
import java.util.*;

public class Fidelity {
  static int failures = 0;

  interface Step { String run(Connection c) throws Exception; }

  static void step(Connection c, String name, Step s) {
    try {
      String detail = s.run(c);
      if (detail == null || detail.isEmpty()) { System.out.println("PASS mssql-jdbc " + name); return; }
      failures++; System.out.println("FAIL mssql-jdbc " + name + ": " + detail);
    } catch (Exception e) {
      failures++; System.out.println("FAIL mssql-jdbc " + name + ": " + e);
    }
  }

  static final String T = "fid_types_jdbc";
  static final String[][] TYPES = {
    {"c_tinyint", "tinyint", "255", "255"}, {"c_smallint", "smallint", "-32768", "-32768"},
    {"c_int", "int", "2147483647", "2147483647"}, {"c_bigint", "bigint", "-9223372036854775807", "-9223372036854775807"},
    {"c_bit", "bit", "1", "true"}, {"c_decimal", "decimal(18,4)", "12345678901234.5678", "12345678901234.5678"},
    {"c_numeric", "numeric(10,2)", "-12345678.90", "-12345678.90"}, {"c_money", "money", "922337203685477.5807", "922337203685477.5807"},
    {"c_smallmoney", "smallmoney", "-214748.3647", "-214748.3647"}, {"c_real", "real", "1.5", "1.5"},
    {"c_float", "float", "-2.25", "-2.25"}, {"c_char", "char(5)", "'ab'", "ab   "},
    {"c_varchar", "varchar(50)", "'caf\u00e9'", "caf\u00e9"}, {"c_text", "text", "'some text'", "some text"},
    {"c_nchar", "nchar(5)", "N'\u65e5\u672c'", "\u65e5\u672c   "}, {"c_nvarchar", "nvarchar(50)", "N'\u00fcn\u00ef \u20ac'", "\u00fcn\u00ef \u20ac"},
    {"c_nvarcharmax", "nvarchar(max)", "REPLICATE(CAST(N'\u00e9' AS nvarchar(max)), 9000)", "\u00e9".repeat(9000)},
    {"c_ntext", "ntext", "N'ntext \u00e9'", "ntext \u00e9"}, {"c_binary", "binary(4)", "0x0102", "01020000"},
    {"c_varbinary", "varbinary(50)", "0xDEADBEEF", "DEADBEEF"}, {"c_image", "image", "0x09", "09"},
    {"c_date", "date", "'2024-02-29'", "2024-02-29"}, {"c_time", "time(7)", "'23:59:59.1234560'", "23:59:59.1234560"},
    {"c_datetime", "datetime", "'2024-01-02T03:04:05.997'", "2024-01-02 03:04:05.997"},
    {"c_smalldatetime", "smalldatetime", "'2024-01-02T03:04:00'", "2024-01-02 03:04:00.0"},
    {"c_datetime2", "datetime2(7)", "'2024-01-02T03:04:05.1234560'", "2024-01-02 03:04:05.123456"},
    {"c_datetimeoffset", "datetimeoffset(7)", "'2024-01-02T03:04:05.1234560+05:30'", "2024-01-02 03:04:05.123456 +05:30"},
    {"c_guid", "uniqueidentifier", "'6F9619FF-8B86-D011-B42D-00C04FC964FF'", "6F9619FF-8B86-D011-B42D-00C04FC964FF"},
    {"c_xml", "xml", "CAST(N'<a b=\"1\">\u00e9</a>' AS xml)", "<a b=\"1\">\u00e9</a>"}, {"c_variant", "sql_variant", "CAST(42 AS int)", "42"},
  };

  static String show(ResultSet r, int i, String type) throws SQLException {
    switch (type) {
      case "bit": return String.valueOf(r.getBoolean(i));
      case "binary(4)": case "varbinary(50)": case "image": {
        byte[] b = r.getBytes(i); StringBuilder sb = new StringBuilder();
        for (byte x : b) sb.append(String.format("%02X", x)); return sb.toString(); }
      case "time(7)": return r.getString(i);
      case "datetime2(7)": return r.getTimestamp(i).toString().replaceAll("0+$", "");
      case "datetimeoffset(7)": { String s = r.getString(i); return s.replaceAll("\\.(\\d{6})0 ", ".$1 "); }
      case "real": case "float": return String.valueOf(r.getDouble(i));
      case "decimal(18,4)": case "numeric(10,2)": case "money": case "smallmoney": return r.getBigDecimal(i).toPlainString();
      default: return r.getString(i);
    }
  }

  // mint signs an RS256 JWT for Azure SQL's audience with the PKCS#8 issuer key.
  static String mint(String user, long ttl) throws Exception {
    String pem = new String(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get(System.getenv("FID_TOKEN_KEY"))));
    byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    java.security.PrivateKey key = java.security.KeyFactory.getInstance("RSA").generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(der));
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String head = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes("UTF-8"));
    String body = b64.encodeToString(("{\"aud\":\"https://database.windows.net/\",\"upn\":\"" + user + "\",\"exp\":"
        + (System.currentTimeMillis() / 1000 + ttl) + "}").getBytes("UTF-8"));
    java.security.Signature sig = java.security.Signature.getInstance("SHA256withRSA");
    sig.initSign(key);
    sig.update((head + "." + body).getBytes("UTF-8"));
    return head + "." + body + "." + b64.encodeToString(sig.sign());
  }

  // tokenLogin logs in with a valid token (as its upn) and an expired one (18456).
  static String tokenLogin(String url) throws Exception {
    Properties p = new Properties();
    p.setProperty("accessToken", mint("jfid@example.com", 3600));
    try (Connection tc = DriverManager.getConnection(url, p); Statement s = tc.createStatement(); ResultSet r = s.executeQuery("SELECT SUSER_SNAME()")) {
      r.next();
      if (!"jfid@example.com".equals(r.getString(1))) return "SUSER_SNAME() is " + r.getString(1);
    }
    p.setProperty("accessToken", mint("x", -60));
    try (Connection tc = DriverManager.getConnection(url, p)) { return "expired token accepted"; }
    catch (SQLException e) { return e.getErrorCode() == 18456 ? "" : "expired token: " + e; }
  }

  public static void main(String[] a) throws Exception {
    String url = "jdbc:sqlserver://" + System.getenv("FID_HOST") + ":" + System.getenv("FID_PORT") + ";databaseName=master;"
        + "encrypt=true;trustStore=" + System.getenv("FID_TRUSTSTORE") + ";trustStorePassword=changeit;";
    Connection c;
    try {
      c = DriverManager.getConnection(url, System.getenv("FID_USER"), System.getenv("FID_PASSWORD"));
      try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT 1")) { r.next(); }
      System.out.println("PASS mssql-jdbc login-tls");
    } catch (Exception e) {
      System.out.println("FAIL mssql-jdbc login-tls: " + e); System.exit(1); return;
    }
    step(c, "login-tds8-strict", cn -> {
      String strict = url.replace("encrypt=true;", "encrypt=strict;");
      try (Connection sc = DriverManager.getConnection(strict, System.getenv("FID_USER"), System.getenv("FID_PASSWORD"));
           Statement s = sc.createStatement(); ResultSet r = s.executeQuery("SELECT 1")) {
        r.next(); return r.getInt(1) == 1 ? "" : "SELECT 1 gave " + r.getInt(1);
      }
    });
    if (System.getenv("FID_TOKEN_KEY") != null) step(c, "token-login", cn -> tokenLogin(url));
    c.setAutoCommit(false);
    step(c, "create-table-every-type", cn -> {
      StringBuilder cols = new StringBuilder(), lits = new StringBuilder();
      for (String[] t : TYPES) { cols.append(", ").append(t[0]).append(' ').append(t[1]).append(" NULL"); lits.append(", ").append(t[2]); }
      try (Statement s = cn.createStatement()) {
        s.execute("DROP TABLE IF EXISTS " + T);
        s.execute("CREATE TABLE " + T + " (id int NOT NULL PRIMARY KEY" + cols + ")");
        s.execute("INSERT INTO " + T + " VALUES (1" + lits + ")");
        s.execute("INSERT INTO " + T + " (id) VALUES (2)");
      }
      cn.commit(); return "";
    });
    step(c, "every-type-out", cn -> {
      List<String> bad = new ArrayList<>();
      try (Statement s = cn.createStatement(); ResultSet r = s.executeQuery("SELECT * FROM " + T + " WHERE id = 1")) {
        r.next();
        for (int i = 0; i < TYPES.length; i++) {
          String got = show(r, i + 2, TYPES[i][1]);
          if (!TYPES[i][3].equals(got)) bad.add(TYPES[i][0] + ": got " + got + " want " + TYPES[i][3]);
        }
      }
      return String.join("; ", bad);
    });
    step(c, "every-type-null", cn -> {
      List<String> bad = new ArrayList<>();
      try (Statement s = cn.createStatement(); ResultSet r = s.executeQuery("SELECT * FROM " + T + " WHERE id = 2")) {
        r.next();
        for (int i = 0; i < TYPES.length; i++) { r.getObject(i + 2); if (!r.wasNull()) bad.add(TYPES[i][0]); }
      }
      return bad.isEmpty() ? "" : "not NULL: " + bad;
    });
    step(c, "every-type-params-in", cn -> {
      String sql = "INSERT INTO " + T + " (id, c_int, c_bigint, c_bit, c_decimal, c_float, c_nvarchar, c_varbinary, c_date, c_datetime2, c_datetimeoffset, c_guid) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)";
      try (PreparedStatement p = cn.prepareStatement(sql)) {
        p.setInt(1, 3); p.setInt(2, -7); p.setLong(3, 1L << 40); p.setBoolean(4, true); p.setBigDecimal(5, new BigDecimal("-1.2345"));
        p.setDouble(6, 0.125); p.setString(7, "p\u00e9"); p.setBytes(8, new byte[]{1, 2}); p.setDate(9, java.sql.Date.valueOf("2020-01-31"));
        p.setTimestamp(10, Timestamp.valueOf("2020-01-31 12:34:56.789")); p.setObject(11, microsoft.sql.DateTimeOffset.valueOf(Timestamp.valueOf("2020-01-31 12:34:56"), 90));
        p.setString(12, "6F9619FF-8B86-D011-B42D-00C04FC964FF");
        p.executeUpdate();
      }
      try (Statement s = cn.createStatement(); ResultSet r = s.executeQuery("SELECT c_int, c_bigint, c_bit, c_decimal, c_float, c_nvarchar, c_varbinary, c_date, c_datetime2, c_guid FROM " + T + " WHERE id = 3")) {
        r.next();
        String got = r.getInt(1) + "|" + r.getLong(2) + "|" + r.getBoolean(3) + "|" + r.getBigDecimal(4).toPlainString() + "|" + r.getDouble(5) + "|" + r.getString(6)
            + "|" + r.getBytes(7).length + "|" + r.getDate(8) + "|" + r.getTimestamp(9) + "|" + r.getString(10);
        String want = "-7|1099511627776|true|-1.2345|0.125|p\u00e9|2|2020-01-31|2020-01-31 12:34:56.789|6F9619FF-8B86-D011-B42D-00C04FC964FF";
        cn.commit();
        return want.equals(got) ? "" : "got " + got + " want " + want;
      }
    });
    step(c, "rpc-params-and-output", cn -> {
      try (Statement s = cn.createStatement()) {
        s.execute("DROP PROCEDURE IF EXISTS fid_proc_jdbc");
        s.execute("CREATE PROCEDURE fid_proc_jdbc @a int, @b nvarchar(20), @c int OUTPUT AS BEGIN SET @c = @a * 2; SELECT @b AS b; RETURN 5 END");
      }
      try (CallableStatement cs = cn.prepareCall("{? = call fid_proc_jdbc(?, ?, ?)}")) {
        cs.registerOutParameter(1, Types.INTEGER); cs.setInt(2, 21); cs.setString(3, "hi"); cs.registerOutParameter(4, Types.INTEGER);
        boolean rs = cs.execute();
        String b = null;
        if (rs) { try (ResultSet r = cs.getResultSet()) { r.next(); b = r.getString(1); } }
        while (cs.getMoreResults() || cs.getUpdateCount() != -1) { }
        String got = b + "|" + cs.getInt(4) + "|" + cs.getInt(1);
        cn.commit();
        return "hi|42|5".equals(got) ? "" : "got " + got + " want hi|42|5";
      }
    });
    step(c, "server-error-208", cn -> {
      try (Statement s = cn.createStatement()) { s.executeQuery("SELECT * FROM fid_no_such_table"); return "no error"; }
      catch (SQLException e) { cn.rollback(); return e.getErrorCode() == 208 ? "" : "error " + e.getErrorCode() + ": " + e.getMessage(); }
    });
    step(c, "commit-and-rollback", cn -> {
      try (Statement s = cn.createStatement()) {
        s.execute("DELETE FROM " + T + " WHERE id >= 10"); cn.commit();
        s.execute("INSERT INTO " + T + " (id) VALUES (10)"); cn.commit();
        s.execute("INSERT INTO " + T + " (id) VALUES (11)"); cn.rollback();
        try (ResultSet r = s.executeQuery("SELECT COUNT(*), MIN(id) FROM " + T + " WHERE id >= 10")) {
          r.next(); String got = r.getInt(1) + "|" + r.getInt(2); cn.commit();
          return "1|10".equals(got) ? "" : "got " + got + " want 1|10";
        }
      }
    });
    step(c, "cleanup", cn -> { try (Statement s = cn.createStatement()) { s.execute("DROP TABLE " + T); } cn.commit(); cn.close(); return ""; });
    System.exit(failures);
  }
}
