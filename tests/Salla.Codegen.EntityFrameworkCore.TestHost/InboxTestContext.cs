using Microsoft.EntityFrameworkCore;
using Salla.Codegen.EntityFrameworkCore;

namespace Salla.Codegen.InboxTesting;

/// <summary>An app's context as the inbox tests model one: the inbox plus a table the handlers write to.</summary>
public sealed class InboxTestContext(DbContextOptions<InboxTestContext> options) : DbContext(options)
{
    public DbSet<OrderEffect> Effects => Set<OrderEffect>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddSallaInbox();
        modelBuilder.Entity<OrderEffect>(effect =>
        {
            effect.ToTable("order_effects");
            effect.HasKey(e => e.Id);
            effect.Property(e => e.Host).HasMaxLength(100);
        });
    }
}

/// <summary>What a handler did for one order, written in the handler's transaction.</summary>
public sealed class OrderEffect
{
    public long Id { get; set; }

    public long OrderId { get; set; }

    public string Host { get; set; } = "";
}
