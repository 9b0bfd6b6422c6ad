using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Salla.Codegen.Webhooks;

namespace Salla.Codegen.EntityFrameworkCore;

/// <summary>
/// The inbox's hot statements, written as SQL once per model: the receiver's group insert, the
/// worker's claim and its mark. Each is one statement on SQLite and PostgreSQL alike (both have
/// <c>ON CONFLICT</c> and <c>RETURNING</c>); PostgreSQL's claim also skips rows another replica is
/// claiming (<c>FOR UPDATE SKIP LOCKED</c>). Table and column names come from the app's model, so
/// a renamed table or a schema is followed. On PostgreSQL the insert also sends a <c>NOTIFY</c> on
/// <see cref="ListenStatement"/>'s channel, so every replica's worker wakes when a delivery is stored.
/// </summary>
internal sealed class SallaInboxSql
{
    private const string SqliteProvider = "Microsoft.EntityFrameworkCore.Sqlite";
    private const string PostgresProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";

    // A claim's backoff doubles per attempt; past this many doublings it is the longest delay anyway.
    private const int MaxBackoffDoublings = 24;

    private static readonly ConditionalWeakTable<IModel, SallaInboxSql> ByModel = new();

    private readonly string _table;
    private readonly string _key;
    private readonly string _event;
    private readonly string _body;
    private readonly string _received;
    private readonly string _state;
    private readonly string _attempts;
    private readonly string _next;
    private readonly string _owner;
    private readonly string _until;
    private readonly string _completed;
    private readonly string _claim;
    private readonly string _stats;
    private readonly string _prune;
    private readonly string? _notify;

    private SallaInboxSql(DbContext db)
    {
        var provider = db.Database.ProviderName;
        var postgres = IsPostgres = provider == PostgresProvider;
        if (!postgres && provider != SqliteProvider)
        {
            throw new NotSupportedException(
                $"The Salla inbox runs on SQLite (Microsoft.EntityFrameworkCore.Sqlite) and PostgreSQL (Npgsql.EntityFrameworkCore.PostgreSQL); this context uses {provider ?? "no relational provider"}.");
        }

        var entity = db.Model.FindEntityType(typeof(SallaInboxDelivery))
            ?? throw new InvalidOperationException($"{db.GetType().Name} has no Salla inbox table: call modelBuilder.AddSallaInbox() in its OnModelCreating.");
        var sql = db.GetService<ISqlGenerationHelper>();
        var tableName = entity.GetTableName()!;
        var schema = entity.GetSchema();
        var store = StoreObjectIdentifier.Table(tableName, schema);
        string Column(string property) => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(store)!);

        _table = sql.DelimitIdentifier(tableName, schema);
        _key = Column(nameof(SallaInboxDelivery.DeliveryKey));
        _event = Column(nameof(SallaInboxDelivery.EventName));
        _body = Column(nameof(SallaInboxDelivery.Body));
        _received = Column(nameof(SallaInboxDelivery.ReceivedAt));
        _state = Column(nameof(SallaInboxDelivery.State));
        _attempts = Column(nameof(SallaInboxDelivery.Attempts));
        _next = Column(nameof(SallaInboxDelivery.NextAttemptAt));
        _owner = Column(nameof(SallaInboxDelivery.LeaseOwner));
        _until = Column(nameof(SallaInboxDelivery.LeaseUntil));
        _completed = Column(nameof(SallaInboxDelivery.CompletedAt));

        var pending = (int)SallaInboxDeliveryState.Pending;
        var due = $"{_state} = {pending} AND {_next} <= @now AND ({_until} IS NULL OR {_until} <= @now)";

        // The backoff a claim schedules in case its lease is lost (the worker dies, or cannot renew
        // it): the row is due again only after the lease and this delay, doubling per attempt.
        var backoff = $"CASE WHEN {_attempts} >= {MaxBackoffDoublings} OR (@initial_delay << {_attempts}) > @max_delay THEN @max_delay ELSE (@initial_delay << {_attempts}) END";
        _claim =
            $"UPDATE {_table} SET {_owner} = @owner, {_until} = @until, {_attempts} = {_attempts} + 1, {_next} = @until + {backoff} " +
            $"WHERE {_key} IN (SELECT {_key} FROM {_table} WHERE {due} ORDER BY {_next} LIMIT @limit{(postgres ? " FOR UPDATE SKIP LOCKED" : "")}) " +
            $"RETURNING {_key}, {_event}, {_body}, {_received}, {_attempts}";
        var dead = (int)SallaInboxDeliveryState.DeadLettered;
        _stats =
            $"SELECT COALESCE(SUM(CASE WHEN {_state} = {pending} THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN {_state} = {dead} THEN 1 ELSE 0 END), 0), " +
            $"MIN(CASE WHEN {_state} = {pending} THEN {_received} END) FROM {_table} WHERE {_state} IN ({pending}, {dead})";
        _prune = $"DELETE FROM {_table} WHERE {_state} = {(int)SallaInboxDeliveryState.Processed} AND {_completed} < @cutoff";
        if (postgres)
        {
            // The table's own name, so two inboxes in one database wake only their own workers.
            // A channel is an identifier: at most 63 bytes, like the table name it comes from.
            var channel = schema is null ? tableName : schema + "." + tableName;
            channel = channel.Length <= 63 ? channel : channel[..63];
            ListenStatement = "LISTEN " + sql.DelimitIdentifier(channel);
            _notify = "; SELECT pg_notify(" + db.GetService<IRelationalTypeMappingSource>().FindMapping(typeof(string))!.GenerateSqlLiteral(channel) + ", '')";
        }
    }

    /// <summary>Whether the database is PostgreSQL, whose workers wake each other with <c>LISTEN</c>/<c>NOTIFY</c>.</summary>
    public bool IsPostgres { get; }

    /// <summary>On PostgreSQL, the statement that subscribes a connection to the inserts' notifications; null elsewhere.</summary>
    public string? ListenStatement { get; }

    /// <summary>The statements for <paramref name="db"/>'s model (built once per model).</summary>
    public static SallaInboxSql For(DbContext db) => ByModel.GetValue(db.Model, _ => new SallaInboxSql(db));

    /// <summary>
    /// Stores the deliveries in one statement (one commit) and returns the keys it stored; a key
    /// already in the table is left as it is (<c>ON CONFLICT DO NOTHING</c>), so a redelivery is
    /// told apart without a failed statement. Keys must be distinct.
    /// </summary>
    public async Task<HashSet<string>> InsertAsync(DbContext db, IReadOnlyList<SallaInboxItem> deliveries, CancellationToken cancellationToken)
    {
        var text = new StringBuilder(256 + (deliveries.Count * 48));
        text.Append("INSERT INTO ").Append(_table).Append(" (").Append(_key).Append(", ").Append(_event).Append(", ").Append(_body).Append(", ")
            .Append(_received).Append(", ").Append(_state).Append(", ").Append(_attempts).Append(", ").Append(_next).Append(") VALUES ");
        await using var command = await CommandAsync(db, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < deliveries.Count; i++)
        {
            var delivery = deliveries[i];
            var n = i.ToString(CultureInfo.InvariantCulture);
            text.Append(i == 0 ? "(" : ", (")
                .Append("@k").Append(n).Append(", @e").Append(n).Append(", @b").Append(n).Append(", @r").Append(n)
                .Append(", ").Append((int)SallaInboxDeliveryState.Pending).Append(", 0, @r").Append(n).Append(')');
            Add(command, "@k" + n, delivery.DeliveryKey);
            Add(command, "@e" + n, delivery.EventName);
            Add(command, "@b" + n, ExactArray(delivery.Body));
            Add(command, "@r" + n, delivery.ReceivedAt.UtcTicks);
        }

        text.Append(" ON CONFLICT (").Append(_key).Append(") DO NOTHING RETURNING ").Append(_key);

        // In the same round trip and the same implicit transaction: PostgreSQL sends it on commit.
        text.Append(_notify);
        command.CommandText = text.ToString();
        return await KeysAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> due deliveries for <paramref name="owner"/> in one
    /// statement: leased until <paramref name="until"/>, the attempt counted, and due again (should
    /// the lease be lost) only after the lease and a backoff.
    /// </summary>
    public async Task<List<SallaInboxDelivery>> ClaimAsync(DbContext db, string owner, int limit, DateTimeOffset now, DateTimeOffset until, TimeSpan initialDelay, TimeSpan maxDelay, CancellationToken cancellationToken)
    {
        await using var command = await CommandAsync(db, cancellationToken).ConfigureAwait(false);
        command.CommandText = _claim;
        Add(command, "@owner", owner);
        Add(command, "@until", until.UtcTicks);
        Add(command, "@now", now.UtcTicks);
        Add(command, "@limit", limit);
        Add(command, "@initial_delay", initialDelay.Ticks);
        Add(command, "@max_delay", maxDelay.Ticks);
        var claimed = new List<SallaInboxDelivery>(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            claimed.Add(new SallaInboxDelivery
            {
                DeliveryKey = reader.GetString(0),
                EventName = reader.GetString(1),
                Body = reader.GetFieldValue<byte[]>(2),
                ReceivedAt = new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero),
                Attempts = reader.GetInt32(4),
                State = SallaInboxDeliveryState.Pending,
                LeaseOwner = owner,
                LeaseUntil = until,
            });
        }

        return claimed;
    }

    /// <summary>
    /// Marks deliveries processed, each only if its lease owner still holds it, in one statement in
    /// the context's current transaction (if any); returns the keys it marked. A key left out was
    /// lost with its lease. Keys must be distinct.
    /// </summary>
    public async Task<HashSet<string>> MarkProcessedAsync(DbContext db, IReadOnlyList<(string Key, string Owner)> held, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var text = new StringBuilder(256 + (held.Count * 24));
        text.Append("UPDATE ").Append(_table).Append(" SET ").Append(_state).Append(" = ").Append((int)SallaInboxDeliveryState.Processed)
            .Append(", ").Append(_completed).Append(" = @now, ").Append(_owner).Append(" = NULL, ").Append(_until).Append(" = NULL WHERE ")
            .Append(_state).Append(" = ").Append((int)SallaInboxDeliveryState.Pending)
            .Append(" AND (").Append(_key).Append(", ").Append(_owner).Append(") IN (VALUES ");
        await using var command = await CommandAsync(db, cancellationToken).ConfigureAwait(false);
        Add(command, "@now", now.UtcTicks);
        for (var i = 0; i < held.Count; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            text.Append(i == 0 ? "(@k" : ", (@k").Append(n).Append(", @o").Append(n).Append(')');
            Add(command, "@k" + n, held[i].Key);
            Add(command, "@o" + n, held[i].Owner);
        }

        text.Append(") RETURNING ").Append(_key);
        command.CommandText = text.ToString();
        return await KeysAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The inbox's figures in one statement; also how start-up and the health check find out whether the table is there.</summary>
    public async Task<SallaInboxStats> StatsAsync(DbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = await CommandAsync(db, cancellationToken).ConfigureAwait(false);
        command.CommandText = _stats;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new SallaInboxStats(
            reader.GetInt64(0),
            reader.GetInt64(1),
            await reader.IsDBNullAsync(2, cancellationToken).ConfigureAwait(false) ? null : new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero),
            now);
    }

    /// <summary>Deletes processed deliveries completed before <paramref name="cutoff"/>; dead letters and pending ones stay.</summary>
    public async Task<int> PruneAsync(DbContext db, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var command = await CommandAsync(db, cancellationToken).ConfigureAwait(false);
        command.CommandText = _prune;
        Add(command, "@cutoff", cutoff.UtcTicks);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether <paramref name="exception"/> (or one inside it) says the inbox table does not exist:
    /// a database that answers but was never migrated, not one that cannot be reached.
    /// </summary>
    public static bool IsMissingTable(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 1 } sqlite && sqlite.Message.Contains("no such table", StringComparison.Ordinal))
            {
                return true;
            }

            if (e is Npgsql.PostgresException { SqlState: "42P01" })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What to do about a missing inbox table, for logs, start-up errors and the health check.</summary>
    public const string MissingTableHint =
        "The Salla inbox table does not exist in the database: add it with the app's migrations (dotnet ef migrations add AddSallaInbox, then dotnet ef database update), or call EnsureSallaInboxCreatedAsync at start-up in samples and tests.";

    // The delivery keys a statement's RETURNING clause gives back (the first result set only).
    private static async Task<HashSet<string>> KeysAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    // A command on the context's own connection (so its interceptors ran when it opened) and in its
    // current transaction, if any.
    private static async Task<DbCommand> CommandAsync(DbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }

    // The receiver reads each body into an array of its own; passing that array saves a copy.
    private static byte[] ExactArray(ReadOnlyMemory<byte> body) =>
        MemoryMarshal.TryGetArray(body, out var segment) && segment.Array is { } array && segment.Offset == 0 && segment.Count == array.Length
            ? array
            : body.ToArray();

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
