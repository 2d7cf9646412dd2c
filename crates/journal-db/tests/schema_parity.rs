//! The two migration folders are written by hand, one per backend (ARCHITECTURE.md, Database).
//! Both are migrated here and their schemas compared: tables, columns with their type and
//! nullability, primary keys, indexes (with uniqueness) and foreign keys must be the same, so a
//! column added to one backend only fails the suite.
//!
//! It needs both servers, so it runs in the PostgreSQL suite (`JOURNAL_TEST_BACKEND=postgres`,
//! which `make test` runs); the SQLite-only run skips it with a note.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Nullable, Text};
use journal_db::testing::{backend_under_test, TestDb};
use journal_db::Backend;
use std::collections::{BTreeMap, BTreeSet};

/// One column: its type as the migrations declare it (in one spelling for both) and whether it
/// may be NULL.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Column {
    kind: String,
    nullable: bool,
}

/// A foreign key: its columns, the referenced table and the referenced columns.
type ForeignKey = (Vec<String>, String, Vec<String>);

/// A schema as both backends can state it.
#[derive(Debug, Default, PartialEq, Eq)]
struct Schema {
    /// table → column → column.
    columns: BTreeMap<String, BTreeMap<String, Column>>,
    /// table → primary key columns, in key order.
    primary_keys: BTreeMap<String, Vec<String>>,
    /// table → (indexed columns in order, unique); primary keys excluded.
    indexes: BTreeMap<String, BTreeSet<(Vec<String>, bool)>>,
    /// table → (columns, referenced table, referenced columns).
    foreign_keys: BTreeMap<String, BTreeSet<ForeignKey>>,
    /// view → its column names in order (a view's types are derived, each backend its own way).
    views: BTreeMap<String, Vec<String>>,
}

/// One spelling of a column type for both backends.
fn kind(declared: &str) -> String {
    let t = declared.trim().to_ascii_uppercase();
    match t.as_str() {
        "TIMESTAMP WITHOUT TIME ZONE" => "TIMESTAMP".into(),
        "BYTEA" => "BLOB".into(),
        "REAL" | "FLOAT" | "DOUBLE" => "DOUBLE PRECISION".into(),
        "INT" | "INT4" => "INTEGER".into(),
        "INT8" => "BIGINT".into(),
        "BOOL" => "BOOLEAN".into(),
        _ => t,
    }
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct SqliteColumn {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    #[diesel(column_name = type_)]
    type_: String,
    #[diesel(sql_type = BigInt)]
    notnull: i64,
    #[diesel(sql_type = BigInt)]
    pk: i64,
}

#[derive(QueryableByName)]
struct SqliteIndex {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = BigInt)]
    unique: i64,
    #[diesel(sql_type = Text)]
    origin: String,
}

#[derive(QueryableByName)]
struct SqliteIndexColumn {
    #[diesel(sql_type = Nullable<Text>)]
    name: Option<String>,
}

#[derive(QueryableByName)]
struct SqliteForeignKey {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Text)]
    table: String,
    #[diesel(sql_type = Text)]
    from: String,
    #[diesel(sql_type = Nullable<Text>)]
    to: Option<String>,
}

fn sqlite_schema(conn: &mut SqliteConnection) -> Schema {
    let tables: Vec<Name> = diesel::sql_query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name <> '__diesel_schema_migrations' ORDER BY name",
    )
    .load(conn)
    .unwrap();
    let mut schema = Schema::default();
    let views: Vec<Name> =
        diesel::sql_query("SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name")
            .load(conn)
            .unwrap();
    for Name { name: view } in views {
        let names: Vec<Name> =
            diesel::sql_query(format!("SELECT name FROM pragma_table_info('{view}')"))
                .load(conn)
                .unwrap();
        schema
            .views
            .insert(view, names.into_iter().map(|n| n.name).collect());
    }
    for Name { name: table } in tables {
        let columns: Vec<SqliteColumn> = diesel::sql_query(format!(
            "SELECT name, type AS type_, \"notnull\", pk FROM pragma_table_info('{table}')"
        ))
        .load(conn)
        .unwrap();
        let mut pk: Vec<(i64, String)> = Vec::new();
        for c in &columns {
            // SQLite lets a primary key column be NULL unless it says NOT NULL; PostgreSQL never.
            let nullable = c.notnull == 0 && c.pk == 0;
            schema.columns.entry(table.clone()).or_default().insert(
                c.name.clone(),
                Column {
                    kind: kind(&c.type_),
                    nullable,
                },
            );
            if c.pk > 0 {
                pk.push((c.pk, c.name.clone()));
            }
        }
        pk.sort();
        schema
            .primary_keys
            .insert(table.clone(), pk.into_iter().map(|(_, n)| n).collect());
        let indexes: Vec<SqliteIndex> = diesel::sql_query(format!(
            "SELECT name, \"unique\", origin FROM pragma_index_list('{table}')"
        ))
        .load(conn)
        .unwrap();
        for i in indexes.into_iter().filter(|i| i.origin != "pk") {
            let cols: Vec<SqliteIndexColumn> = diesel::sql_query(format!(
                "SELECT name FROM pragma_index_info('{}') ORDER BY seqno",
                i.name
            ))
            .load(conn)
            .unwrap();
            let cols = cols
                .into_iter()
                .map(|c| c.name.unwrap_or_else(|| "<expression>".into()))
                .collect();
            schema
                .indexes
                .entry(table.clone())
                .or_default()
                .insert((cols, i.unique == 1));
        }
        let fks: Vec<SqliteForeignKey> = diesel::sql_query(format!(
            "SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list('{table}') \
             ORDER BY id, seq"
        ))
        .load(conn)
        .unwrap();
        let mut by_id: BTreeMap<i64, ForeignKey> = BTreeMap::new();
        for f in fks {
            let e = by_id
                .entry(f.id)
                .or_insert_with(|| (Vec::new(), f.table.clone(), Vec::new()));
            e.0.push(f.from);
            // A reference without columns names the referenced table's primary key.
            e.2.push(f.to.unwrap_or_default());
        }
        for (_, fk) in by_id {
            schema
                .foreign_keys
                .entry(table.clone())
                .or_default()
                .insert(fk);
        }
    }
    // References that name no column point at the primary key.
    let pks = schema.primary_keys.clone();
    for fks in schema.foreign_keys.values_mut() {
        *fks = std::mem::take(fks)
            .into_iter()
            .map(|(from, to_table, to)| {
                let to = if to.iter().all(String::is_empty) {
                    pks.get(&to_table).cloned().unwrap_or(to)
                } else {
                    to
                };
                (from, to_table, to)
            })
            .collect();
    }
    schema
}

#[derive(QueryableByName)]
struct PgColumn {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    data_type: String,
    #[diesel(sql_type = Bool)]
    nullable: bool,
}

#[derive(QueryableByName)]
struct PgIndex {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    columns: String,
    #[diesel(sql_type = Bool)]
    is_unique: bool,
    #[diesel(sql_type = Bool)]
    is_primary: bool,
}

#[derive(QueryableByName)]
struct PgForeignKey {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    columns: String,
    #[diesel(sql_type = Text)]
    to_table: String,
    #[diesel(sql_type = Text)]
    to_columns: String,
}

fn split(list: &str) -> Vec<String> {
    list.split(',').map(str::to_owned).collect()
}

fn pg_schema(conn: &mut PgConnection) -> Schema {
    let mut schema = Schema::default();
    let columns: Vec<PgColumn> = diesel::sql_query(
        "SELECT table_name::text, column_name::text, data_type::text, \
                (is_nullable = 'YES') AS nullable \
         FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations' \
           AND table_name NOT IN (SELECT table_name FROM information_schema.views \
                                   WHERE table_schema = 'public') \
         ORDER BY table_name, ordinal_position",
    )
    .load(conn)
    .unwrap();
    let view_columns: Vec<PgColumn> = diesel::sql_query(
        "SELECT c.table_name::text, c.column_name::text, c.data_type::text, \
                (c.is_nullable = 'YES') AS nullable \
         FROM information_schema.columns c \
         JOIN information_schema.views v \
           ON v.table_schema = c.table_schema AND v.table_name = c.table_name \
         WHERE c.table_schema = 'public' \
         ORDER BY c.table_name, c.ordinal_position",
    )
    .load(conn)
    .unwrap();
    for c in view_columns {
        schema
            .views
            .entry(c.table_name)
            .or_default()
            .push(c.column_name);
    }
    for c in columns {
        schema.columns.entry(c.table_name).or_default().insert(
            c.column_name,
            Column {
                kind: kind(&c.data_type),
                nullable: c.nullable,
            },
        );
    }
    let indexes: Vec<PgIndex> = diesel::sql_query(
        "SELECT t.relname::text AS table_name, \
                string_agg(a.attname::text, ',' ORDER BY k.n) AS columns, \
                ix.indisunique AS is_unique, ix.indisprimary AS is_primary \
         FROM pg_index ix \
         JOIN pg_class t ON t.oid = ix.indrelid \
         JOIN pg_namespace ns ON ns.oid = t.relnamespace \
         CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, n) \
         LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum \
         WHERE ns.nspname = 'public' AND t.relname <> '__diesel_schema_migrations' \
         GROUP BY t.relname, ix.indexrelid, ix.indisunique, ix.indisprimary",
    )
    .load(conn)
    .unwrap();
    for i in indexes {
        let cols = split(&i.columns);
        if i.is_primary {
            schema.primary_keys.insert(i.table_name, cols);
        } else {
            schema
                .indexes
                .entry(i.table_name)
                .or_default()
                .insert((cols, i.is_unique));
        }
    }
    let fks: Vec<PgForeignKey> = diesel::sql_query(
        "SELECT t.relname::text AS table_name, \
                string_agg(a.attname::text, ',' ORDER BY k.n) AS columns, \
                rt.relname::text AS to_table, \
                string_agg(ra.attname::text, ',' ORDER BY k.n) AS to_columns \
         FROM pg_constraint c \
         JOIN pg_class t ON t.oid = c.conrelid \
         JOIN pg_class rt ON rt.oid = c.confrelid \
         JOIN pg_namespace ns ON ns.oid = t.relnamespace \
         CROSS JOIN LATERAL unnest(c.conkey, c.confkey) WITH ORDINALITY AS k(attnum, rattnum, n) \
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum \
         JOIN pg_attribute ra ON ra.attrelid = rt.oid AND ra.attnum = k.rattnum \
         WHERE c.contype = 'f' AND ns.nspname = 'public' \
         GROUP BY t.relname, c.oid, rt.relname",
    )
    .load(conn)
    .unwrap();
    for f in fks {
        schema
            .foreign_keys
            .entry(f.table_name)
            .or_default()
            .insert((split(&f.columns), f.to_table, split(&f.to_columns)));
    }
    // Tables without a primary key have none on either side.
    for table in schema.columns.keys() {
        schema.primary_keys.entry(table.clone()).or_default();
    }
    schema
}

/// The differences of two maps, each side's entry shown, for a message a person can act on.
fn differences<V: std::fmt::Debug + PartialEq>(
    what: &str,
    sqlite: &BTreeMap<String, V>,
    postgres: &BTreeMap<String, V>,
) -> Vec<String> {
    let keys: BTreeSet<&String> = sqlite.keys().chain(postgres.keys()).collect();
    keys.into_iter()
        .filter(|k| sqlite.get(*k) != postgres.get(*k))
        .map(|k| {
            format!(
                "{what} of {k}:\n  sqlite:   {:?}\n  postgres: {:?}",
                sqlite.get(k),
                postgres.get(k)
            )
        })
        .collect()
}

#[test]
fn both_backends_migrate_to_the_same_schema() {
    if backend_under_test() != Backend::Postgres {
        eprintln!("the schema comparison needs PostgreSQL: it runs in the PostgreSQL suite");
        return;
    }
    let lite = TestDb::on(Backend::Sqlite);
    let pg = TestDb::on(Backend::Postgres);
    let sqlite = sqlite_schema(&mut SqliteConnection::establish(&lite.url.target).unwrap());
    let postgres = pg_schema(&mut PgConnection::establish(&pg.url.target).unwrap());
    assert!(
        sqlite.columns.len() > 30,
        "the migrated schema has its tables: {:?}",
        sqlite.columns.keys()
    );
    let count = |s: &Schema| {
        (
            s.indexes.values().map(BTreeSet::len).sum::<usize>(),
            s.foreign_keys.values().map(BTreeSet::len).sum::<usize>(),
        )
    };
    let (indexes, foreign_keys) = count(&sqlite);
    assert!(
        indexes > 30 && foreign_keys > 30,
        "the indexes ({indexes}) and foreign keys ({foreign_keys}) were read"
    );
    // Columns one by one, so a message names the column that differs.
    let flat = |s: &Schema| -> BTreeMap<String, Column> {
        s.columns
            .iter()
            .flat_map(|(t, cols)| {
                cols.iter()
                    .map(move |(c, col)| (format!("{t}.{c}"), col.clone()))
            })
            .collect()
    };
    let mut diffs = differences("column", &flat(&sqlite), &flat(&postgres));
    diffs.extend(differences(
        "primary key",
        &sqlite.primary_keys,
        &postgres.primary_keys,
    ));
    diffs.extend(differences("indexes", &sqlite.indexes, &postgres.indexes));
    diffs.extend(differences(
        "foreign keys",
        &sqlite.foreign_keys,
        &postgres.foreign_keys,
    ));
    diffs.extend(differences("view", &sqlite.views, &postgres.views));
    assert!(
        sqlite.views.contains_key("or_users"),
        "the views were read: {:?}",
        sqlite.views.keys()
    );
    assert!(
        diffs.is_empty(),
        "the migrations of the two backends differ:\n{}",
        diffs.join("\n")
    );
}
