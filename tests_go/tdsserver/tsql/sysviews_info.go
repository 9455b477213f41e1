package tsql

// INFORMATION_SCHEMA views.

func registerInformationSchema() {
	const is = "INFORMATION_SCHEMA"
	register(is, "TABLES", vcols("TABLE_CATALOG nvarchar128?, TABLE_SCHEMA nvarchar128?, TABLE_NAME sysname, TABLE_TYPE varchar10?"), func(v viewCtx) string {
		return "SELECT " + quoteString(v.db.Name) + `, s.name, o.name, CASE o.type WHEN 'U' THEN 'BASE TABLE' ELSE 'VIEW' END
			FROM ` + v.a + `__tsql_objects o JOIN ` + v.a + `__tsql_schemas s ON s.schema_id = o.schema_id WHERE o.type IN ('U', 'V')`
	})
	register(is, "VIEWS", vcols("TABLE_CATALOG nvarchar128?, TABLE_SCHEMA nvarchar128?, TABLE_NAME sysname, VIEW_DEFINITION nvarchar4000?, CHECK_OPTION varchar10?, IS_UPDATABLE varchar2?"), func(v viewCtx) string {
		return "SELECT " + quoteString(v.db.Name) + `, s.name, o.name, substr(o.definition, 1, 4000), 'NONE', 'NO'
			FROM ` + v.a + `__tsql_objects o JOIN ` + v.a + `__tsql_schemas s ON s.schema_id = o.schema_id WHERE o.type = 'V'`
	})
	register(is, "SCHEMATA", vcols("CATALOG_NAME sysname?, SCHEMA_NAME sysname, SCHEMA_OWNER nvarchar128?, DEFAULT_CHARACTER_SET_CATALOG varchar10?, DEFAULT_CHARACTER_SET_SCHEMA varchar10?, DEFAULT_CHARACTER_SET_NAME sysname?"), func(v viewCtx) string {
		return "SELECT " + quoteString(v.db.Name) + ", name, 'dbo', NULL, NULL, 'iso_1' FROM " + v.a + "__tsql_schemas"
	})
	register(is, "COLUMNS", vcols("TABLE_CATALOG nvarchar128?, TABLE_SCHEMA nvarchar128?, TABLE_NAME sysname, COLUMN_NAME sysname?, ORDINAL_POSITION int?, COLUMN_DEFAULT nvarchar4000?, IS_NULLABLE varchar3?, DATA_TYPE nvarchar128?, CHARACTER_MAXIMUM_LENGTH int?, CHARACTER_OCTET_LENGTH int?, NUMERIC_PRECISION tinyint?, NUMERIC_PRECISION_RADIX smallint?, NUMERIC_SCALE int?, DATETIME_PRECISION smallint?, CHARACTER_SET_CATALOG sysname?, CHARACTER_SET_SCHEMA sysname?, CHARACTER_SET_NAME sysname?, COLLATION_CATALOG sysname?, COLLATION_SCHEMA sysname?, COLLATION_NAME sysname?, DOMAIN_CATALOG sysname?, DOMAIN_SCHEMA sysname?, DOMAIN_NAME sysname?"), func(v viewCtx) string {
		return "SELECT " + quoteString(v.db.Name) + `, s.name, o.name, c.name, c.column_id, d.definition,
			CASE c.is_nullable WHEN 1 THEN 'YES' ELSE 'NO' END, c.type_name, ` + charMaxLengthSQL("c") + `, ` + octetLengthSQL("c") + `,
			` + numericPrecisionSQL("c") + `, ` + numericRadixSQL("c") + `, ` + numericScaleSQL("c") + `, ` + datetimePrecisionSQL("c") + `,
			NULL, NULL, ` + charsetSQL("c") + `, NULL, NULL, c.collation_name, NULL, NULL, NULL
			FROM ` + v.a + `__tsql_columns c JOIN ` + v.a + `__tsql_objects o ON o.object_id = c.object_id
			JOIN ` + v.a + `__tsql_schemas s ON s.schema_id = o.schema_id
			LEFT JOIN ` + v.a + `__tsql_objects d ON d.object_id = c.default_object_id AND c.default_object_id <> 0
			WHERE o.type IN ('U', 'V')`
	})
	register(is, "ROUTINES", vcols("SPECIFIC_CATALOG nvarchar128?, SPECIFIC_SCHEMA nvarchar128?, SPECIFIC_NAME sysname, ROUTINE_CATALOG nvarchar128?, ROUTINE_SCHEMA nvarchar128?, ROUTINE_NAME sysname, ROUTINE_TYPE nvarchar20?, DATA_TYPE sysname?, ROUTINE_BODY nvarchar60?, ROUTINE_DEFINITION nvarchar4000?, IS_DETERMINISTIC nvarchar60?, SQL_DATA_ACCESS nvarchar60?, IS_NULL_CALL nvarchar60?, CREATED datetime, LAST_ALTERED datetime"), func(v viewCtx) string {
		return "SELECT " + quoteString(v.db.Name) + ", s.name, o.name, " + quoteString(v.db.Name) + `, s.name, o.name, 'PROCEDURE', NULL, 'SQL',
			substr(o.definition, 1, 4000), 'NO', 'MODIFIES', NULL, o.create_date, o.modify_date
			FROM ` + v.a + `__tsql_objects o JOIN ` + v.a + `__tsql_schemas s ON s.schema_id = o.schema_id WHERE o.type = 'P'`
	})
	register(is, "PARAMETERS", vcols("SPECIFIC_CATALOG nvarchar128?, SPECIFIC_SCHEMA nvarchar128?, SPECIFIC_NAME sysname, ORDINAL_POSITION int, PARAMETER_MODE nvarchar20?, IS_RESULT nvarchar20?, AS_LOCATOR nvarchar20?, PARAMETER_NAME sysname?, DATA_TYPE nvarchar128?, CHARACTER_MAXIMUM_LENGTH int?, CHARACTER_OCTET_LENGTH int?, NUMERIC_PRECISION tinyint?, NUMERIC_PRECISION_RADIX smallint?, NUMERIC_SCALE int?, DATETIME_PRECISION smallint?"), func(v viewCtx) string {
		return "SELECT " + quoteString(v.db.Name) + `, s.name, o.name, p.parameter_id, CASE p.is_output WHEN 1 THEN 'INOUT' ELSE 'IN' END, 'NO', 'NO', p.name, p.type_name,
			` + charMaxLengthSQL("p") + `, ` + octetLengthSQL("p") + `, ` + numericPrecisionSQL("p") + `, ` + numericRadixSQL("p") + `, ` + numericScaleSQL("p") + `, ` + datetimePrecisionSQL("p") + `
			FROM ` + v.a + `__tsql_parameters p JOIN ` + v.a + `__tsql_objects o ON o.object_id = p.object_id JOIN ` + v.a + `__tsql_schemas s ON s.schema_id = o.schema_id`
	})
	register(is, "TABLE_CONSTRAINTS", vcols("CONSTRAINT_CATALOG nvarchar128?, CONSTRAINT_SCHEMA nvarchar128?, CONSTRAINT_NAME sysname, TABLE_CATALOG nvarchar128?, TABLE_SCHEMA nvarchar128?, TABLE_NAME sysname, CONSTRAINT_TYPE varchar11?, IS_DEFERRABLE varchar2, INITIALLY_DEFERRED varchar2"), func(v viewCtx) string {
		return "SELECT " + quoteString(v.db.Name) + ", s.name, k.name, " + quoteString(v.db.Name) + `, s.name, t.name,
			CASE k.type WHEN 'PK' THEN 'PRIMARY KEY' WHEN 'UQ' THEN 'UNIQUE' WHEN 'F' THEN 'FOREIGN KEY' ELSE 'CHECK' END, 'NO', 'NO'
			FROM ` + v.a + `__tsql_objects k JOIN ` + v.a + `__tsql_objects t ON t.object_id = k.parent_object_id
			JOIN ` + v.a + `__tsql_schemas s ON s.schema_id = k.schema_id WHERE k.type IN ('PK', 'UQ', 'F', 'C')`
	})
	register(is, "KEY_COLUMN_USAGE", vcols("CONSTRAINT_CATALOG nvarchar128?, CONSTRAINT_SCHEMA nvarchar128?, CONSTRAINT_NAME sysname, TABLE_CATALOG nvarchar128?, TABLE_SCHEMA nvarchar128?, TABLE_NAME sysname, COLUMN_NAME nvarchar128?, ORDINAL_POSITION int"), func(v viewCtx) string {
		db := quoteString(v.db.Name)
		return "SELECT " + db + ", s.name, k.name, " + db + `, s.name, t.name, c.name, ic.key_ordinal
			FROM ` + v.a + `__tsql_objects k JOIN ` + v.a + `__tsql_objects t ON t.object_id = k.parent_object_id
			JOIN ` + v.a + `__tsql_schemas s ON s.schema_id = k.schema_id
			JOIN ` + v.a + `__tsql_indexes i ON i.object_id = t.object_id AND i.name = k.name
			JOIN ` + v.a + `__tsql_index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
			JOIN ` + v.a + `__tsql_columns c ON c.object_id = t.object_id AND c.column_id = ic.column_id
			WHERE k.type IN ('PK', 'UQ')
			UNION ALL SELECT ` + db + ", s.name, k.name, " + db + `, s.name, t.name, c.name, fc.constraint_column_id
			FROM ` + v.a + `__tsql_objects k JOIN ` + v.a + `__tsql_objects t ON t.object_id = k.parent_object_id
			JOIN ` + v.a + `__tsql_schemas s ON s.schema_id = k.schema_id
			JOIN ` + v.a + `__tsql_fk_columns fc ON fc.constraint_object_id = k.object_id
			JOIN ` + v.a + `__tsql_columns c ON c.object_id = t.object_id AND c.column_id = fc.parent_column_id
			WHERE k.type = 'F'`
	})
	register(is, "REFERENTIAL_CONSTRAINTS", vcols("CONSTRAINT_CATALOG nvarchar128?, CONSTRAINT_SCHEMA nvarchar128?, CONSTRAINT_NAME sysname, UNIQUE_CONSTRAINT_CATALOG nvarchar128?, UNIQUE_CONSTRAINT_SCHEMA nvarchar128?, UNIQUE_CONSTRAINT_NAME sysname?, MATCH_OPTION varchar10?, UPDATE_RULE varchar11?, DELETE_RULE varchar11?"), func(v viewCtx) string {
		db := quoteString(v.db.Name)
		rule := func(c string) string {
			return "CASE " + c + " WHEN 1 THEN 'CASCADE' WHEN 2 THEN 'SET NULL' WHEN 3 THEN 'SET DEFAULT' ELSE 'NO ACTION' END"
		}
		return "SELECT " + db + ", s.name, k.name, " + db + `, s.name,
			(SELECT o2.name FROM ` + v.a + `__tsql_objects o2 WHERE o2.parent_object_id = f.referenced_object_id AND o2.type = 'PK'), 'SIMPLE',
			` + rule("f.update_action") + `, ` + rule("f.delete_action") + `
			FROM ` + v.a + `__tsql_foreign_keys f JOIN ` + v.a + `__tsql_objects k ON k.object_id = f.object_id
			JOIN ` + v.a + `__tsql_schemas s ON s.schema_id = k.schema_id`
	})
	register(is, "CHECK_CONSTRAINTS", vcols("CONSTRAINT_CATALOG nvarchar128?, CONSTRAINT_SCHEMA nvarchar128?, CONSTRAINT_NAME sysname, CHECK_CLAUSE nvarchar4000?"), func(v viewCtx) string {
		return "SELECT " + quoteString(v.db.Name) + ", s.name, k.name, k.definition FROM " + v.a + "__tsql_objects k JOIN " + v.a + "__tsql_schemas s ON s.schema_id = k.schema_id WHERE k.type = 'C'"
	})
}
