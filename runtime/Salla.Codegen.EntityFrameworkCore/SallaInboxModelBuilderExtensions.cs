using System;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Salla.Codegen.EntityFrameworkCore;

/// <summary>Adds the inbox table to an app's <see cref="DbContext"/> model.</summary>
public static class SallaInboxModelBuilderExtensions
{
    /// <summary>The default table name: <c>salla_inbox</c>.</summary>
    public const string DefaultTableName = "salla_inbox";

    /// <summary>
    /// Maps <see cref="SallaInboxDelivery"/> to <paramref name="tableName"/>. Call it from the
    /// context's <c>OnModelCreating</c>; the table then comes with the app's migrations
    /// (<c>dotnet ef migrations add AddSallaInbox</c>) or <c>EnsureCreated</c>.
    /// </summary>
    /// <returns><paramref name="modelBuilder"/>, for chaining.</returns>
    public static ModelBuilder AddSallaInbox(this ModelBuilder modelBuilder, string tableName = DefaultTableName, string? schema = null)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        ArgumentException.ThrowIfNullOrEmpty(tableName);

        // Instants are stored as UTC ticks: SQLite has no date type that compares or sorts
        // correctly, and one representation keeps the claim and prune queries the same everywhere.
        var instant = new ValueConverter<DateTimeOffset, long>(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));

        modelBuilder.Entity<SallaInboxDelivery>(delivery =>
        {
            delivery.ToTable(tableName, schema);
            delivery.HasKey(d => d.DeliveryKey);
            delivery.Property(d => d.DeliveryKey).HasColumnName("delivery_key").HasMaxLength(64).IsUnicode(false);
            delivery.Property(d => d.EventName).HasColumnName("event_name").HasMaxLength(200);
            delivery.Property(d => d.Body).HasColumnName("body").IsRequired();
            delivery.Property(d => d.ReceivedAt).HasColumnName("received_at").HasConversion(instant);
            delivery.Property(d => d.State).HasColumnName("state");
            delivery.Property(d => d.Attempts).HasColumnName("attempts");
            delivery.Property(d => d.NextAttemptAt).HasColumnName("next_attempt_at").HasConversion(instant);
            delivery.Property(d => d.LeaseOwner).HasColumnName("lease_owner").HasMaxLength(100);
            delivery.Property(d => d.LeaseUntil).HasColumnName("lease_until").HasConversion(instant);
            delivery.Property(d => d.LastError).HasColumnName("last_error");
            delivery.Property(d => d.CompletedAt).HasColumnName("completed_at").HasConversion(instant);

            // The claim scans pending rows by due time, stats by age, pruning by completion.
            delivery.HasIndex(d => new { d.State, d.NextAttemptAt }).HasDatabaseName($"ix_{tableName}_state_next_attempt_at");
            delivery.HasIndex(d => new { d.State, d.ReceivedAt }).HasDatabaseName($"ix_{tableName}_state_received_at");
            delivery.HasIndex(d => new { d.State, d.CompletedAt }).HasDatabaseName($"ix_{tableName}_state_completed_at");
        });

        return modelBuilder;
    }
}
