package tsql

import "time"

// Index, key and constraint catalog views, and the server-wide ones.

func registerKeyViews() {
	register("sys", "indexes", vcols("object_id int, name sysname?, index_id int, type tinyint, type_desc nvarchar60?, is_unique bit?, data_space_id int?, ignore_dup_key bit?, is_primary_key bit?, is_unique_constraint bit?, fill_factor tinyint, is_padded bit?, is_disabled bit?, is_hypothetical bit?, is_ignored_in_optimization bit?, allow_row_locks bit?, allow_page_locks bit?, has_filter bit?, filter_definition nvarcharmax?, auto_created bit?, optimize_for_sequential_key bit?"), func(v viewCtx) string {
		return `SELECT object_id, name, index_id, type, CASE type WHEN 0 THEN 'HEAP' WHEN 1 THEN 'CLUSTERED' ELSE 'NONCLUSTERED' END,
			is_unique, 1, 0, is_primary_key, is_unique_constraint, 0, 0, 0, 0, 0, 1, 1, 0, NULL, 0, 0 FROM ` + v.a + `__tsql_indexes`
	})
	register("sys", "index_columns", vcols("object_id int, index_id int, index_column_id int, column_id int, key_ordinal tinyint, partition_ordinal tinyint, is_descending_key bit?, is_included_column bit?, column_store_order_ordinal tinyint"), func(v viewCtx) string {
		return "SELECT object_id, index_id, index_column_id, column_id, key_ordinal, 0, is_descending_key, is_included_column, 0 FROM " + v.a + "__tsql_index_columns"
	})
	register("sys", "foreign_keys", vcols(objectCols+", referenced_object_id int?, key_index_id int?, is_disabled bit, is_not_for_replication bit, is_not_trusted bit, delete_referential_action tinyint?, delete_referential_action_desc nvarchar60?, update_referential_action tinyint?, update_referential_action_desc nvarchar60?, is_system_named bit"), func(v viewCtx) string {
		return "SELECT " + objectSelect() + `, f.referenced_object_id,
			coalesce((SELECT min(index_id) FROM ` + v.a + `__tsql_indexes i WHERE i.object_id = f.referenced_object_id AND i.is_primary_key = 1), 1),
			0, 0, 0, f.delete_action, ` + actionDesc("f.delete_action") + `, f.update_action, ` + actionDesc("f.update_action") + `,
			CASE WHEN o.name LIKE 'FK\_\_%' ESCAPE '\' THEN 1 ELSE 0 END
			FROM (` + objectsSQL(v, "o.type = 'F'") + `) o JOIN ` + v.a + `__tsql_foreign_keys f ON f.object_id = o.object_id`
	})
	register("sys", "foreign_key_columns", vcols("constraint_object_id int, constraint_column_id int, parent_object_id int, parent_column_id int, referenced_object_id int, referenced_column_id int"), func(v viewCtx) string {
		return `SELECT fc.constraint_object_id, fc.constraint_column_id, f.parent_object_id, fc.parent_column_id, f.referenced_object_id, fc.referenced_column_id
			FROM ` + v.a + `__tsql_fk_columns fc JOIN ` + v.a + `__tsql_foreign_keys f ON f.object_id = fc.constraint_object_id`
	})
	register("sys", "key_constraints", vcols(objectCols+", unique_index_id int?, is_system_named bit, is_enforced bit?"), func(v viewCtx) string {
		return "SELECT " + objectSelect() + `, (SELECT index_id FROM ` + v.a + `__tsql_indexes i WHERE i.object_id = o.parent_object_id AND i.name = o.name),
			CASE WHEN o.name LIKE 'PK\_\_%' ESCAPE '\' OR o.name LIKE 'UQ\_\_%' ESCAPE '\' THEN 1 ELSE 0 END, 1
			FROM (` + objectsSQL(v, "o.type IN ('PK', 'UQ')") + `) o`
	})
	register("sys", "check_constraints", vcols(objectCols+", is_disabled bit, is_not_for_replication bit, is_not_trusted bit, parent_column_id int, definition nvarcharmax?, uses_database_collation bit?, is_system_named bit"), func(v viewCtx) string {
		return "SELECT " + objectSelect() + `, 0, 0, 0, 0, d.definition, 1, CASE WHEN o.name LIKE 'CK\_\_%' ESCAPE '\' THEN 1 ELSE 0 END
			FROM (` + objectsSQL(v, "o.type = 'C'") + `) o JOIN ` + v.a + `__tsql_objects d ON d.object_id = o.object_id`
	})
	register("sys", "default_constraints", vcols(objectCols+", parent_column_id int, definition nvarcharmax?, is_system_named bit"), func(v viewCtx) string {
		return "SELECT " + objectSelect() + `, coalesce((SELECT column_id FROM ` + v.a + `__tsql_columns c WHERE c.default_object_id = o.object_id), 0),
			d.definition, CASE WHEN o.name LIKE 'DF\_\_%' ESCAPE '\' THEN 1 ELSE 0 END
			FROM (` + objectsSQL(v, "o.type = 'D'") + `) o JOIN ` + v.a + `__tsql_objects d ON d.object_id = o.object_id`
	})
}

// isolationLevel numbers an isolation level as sys.dm_exec_sessions does.
func isolationLevel(name string) int {
	for k, v := range isolationNames {
		if v == name {
			return k
		}
	}
	return 2
}

func actionDesc(col string) string {
	return "CASE " + col + " WHEN 1 THEN 'CASCADE' WHEN 2 THEN 'SET_NULL' WHEN 3 THEN 'SET_DEFAULT' ELSE 'NO_ACTION' END"
}

// engineStart is the create_date of the databases.
var engineStart = time.Now().UTC()

func registerServerViews() {
	register("sys", "databases", vcols("name sysname, database_id int, source_database_id int?, owner_sid varbinary85?, create_date datetime, compatibility_level tinyint, collation_name sysname?, user_access tinyint?, user_access_desc nvarchar60?, is_read_only bit?, is_auto_close_on bit, is_auto_shrink_on bit?, state tinyint?, state_desc nvarchar60?, is_in_standby bit?, is_cleanly_shutdown bit?, snapshot_isolation_state tinyint?, snapshot_isolation_state_desc nvarchar60?, is_read_committed_snapshot_on bit?, recovery_model tinyint?, recovery_model_desc nvarchar60?, is_broker_enabled bit, is_encrypted bit?"), func(v viewCtx) string {
		created := quoteString(storeTime(roundTime(engineStart, typDateTime), 23))
		rows := ""
		for i, db := range v.engine.dbs {
			if i > 0 {
				rows += ", "
			}
			rows += "(" + quoteString(db.Name) + ", " + itoa(int64(db.ID)) + ", NULL, X'01', " + created + ", 160, " + quoteString(defaultCollation) +
				", 0, 'MULTI_USER', 0, 0, 0, 0, 'ONLINE', 0, 0, 1, 'ON', 0, 3, 'SIMPLE', 0, 0)"
		}
		return "SELECT * FROM (VALUES " + rows + ")"
	})
	register("sys", "dm_exec_sessions", vcols("session_id smallint, login_name nvarchar128, host_name nvarchar128?, program_name nvarchar128?, status nvarchar60, database_id smallint, transaction_isolation_level smallint"), func(v viewCtx) string {
		v.engine.mu.Lock()
		defer v.engine.mu.Unlock()
		rows := ""
		for s := range v.engine.open {
			if rows != "" {
				rows += ", "
			}
			// Other sessions run concurrently: only their immutable login facts are read.
			db, iso := s.defaultDB.ID, 2
			if s == v.self {
				db, iso = s.db.ID, isolationLevel(s.opts.isolation)
			}
			rows += "(" + itoa(int64(s.spid)) + ", " + quoteString(s.login.User) + ", " + quoteString(s.login.HostName) + ", " +
				quoteString(s.login.AppName) + ", 'running', " + itoa(int64(db)) + ", " + itoa(int64(iso)) + ")"
		}
		if rows == "" {
			return "SELECT 0, '', '', '', '', 0, 0 WHERE 0"
		}
		return "SELECT * FROM (VALUES " + rows + ")"
	})
}
