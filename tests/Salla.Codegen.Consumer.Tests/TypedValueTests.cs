using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Salla.Codegen;
using Salla.Codegen.TestSupport;
using Salla.Events;
using Xunit;

namespace Salla.Codegen.Consumer.Tests;

/// <summary>Typed values read from the documented examples, checked against the files' own text.</summary>
public class TypedValueTests
{
    private static readonly TimeSpan Riyadh = TimeSpan.FromHours(3);

    private static T Parse<T>(string fileName, Func<ReadOnlyMemory<byte>, T> parse) =>
        parse(RepoPaths.ExampleBody(fileName));

    [Fact]
    public void Order_created_reads_ids_amounts_mobile_as_text_and_dates()
    {
        var e = Parse("order.created.json", b => OrderCreatedEvent.Parse(b));

        Assert.Equal("order.created", e.Event);
        Assert.Equal(1305146709L, e.Merchant);
        Assert.Equal(new DateTimeOffset(2022, 6, 26, 12, 21, 48, Riyadh), e.CreatedAt);
        var order = e.Data;
        Assert.Equal(2116149737L, order.Id);
        Assert.Equal(41027662L, order.ReferenceId);
        Assert.Equal(new DateTimeOffset(2022, 6, 26, 12, 21, 45, Riyadh), order.Date);
        Assert.Equal(186m, order.Amounts.SubTotal!.Amount);
        Assert.Equal("SAR", order.Amounts.SubTotal.Currency);
        Assert.Equal(0.00m, order.Amounts.Tax!.Percent);
        Assert.Equal("501806978", order.Customer.Mobile);
        Assert.Equal("under_review", order.Status.Slug);
        Assert.Equal(Order.SourceValues.Store, order.Source);
        Assert.Equal("https://store-test.com/checkout", order.Urls.Checkout);
        Assert.NotEmpty(order.Items);
        // Salla's example puts pickup_branch beside data; it is kept, not dropped.
        Assert.True(e.ExtensionData.ContainsKey("pickup_branch"));
    }

    [Fact]
    public void Store_branch_reads_merchant_and_id_sent_as_strings()
    {
        var e = Parse("store.branch.updated.json", b => StoreBranchUpdatedEvent.Parse(b));

        Assert.Equal(1029864349L, e.Merchant);
        Assert.Equal(1866839222L, e.Data.Id);
        Assert.Equal(new DateTimeOffset(2021, 6, 30, 15, 24, 18, Riyadh), e.CreatedAt);
    }

    [Fact]
    public void App_store_authorize_reads_the_tokens_and_app_event_date_format()
    {
        var e = Parse("app.store.authorize.json", b => AppStoreAuthorizeEvent.Parse(b));

        Assert.StartsWith("KGsnBcNNkR2AgHnrd0U9lCIjrUiukF", e.Data.AccessToken);
        Assert.Equal(1634819484L, e.Data.Expires);
        Assert.Equal(new DateTimeOffset(2022, 12, 31, 12, 31, 25, Riyadh), e.CreatedAt);
    }

    [Fact]
    public void Communication_otp_keeps_the_code_as_text()
    {
        var e = Parse("communication.sms.send.otp.json", b => CommunicationSmsSendEvent.Parse(b));

        Assert.Equal("0000", e.Data.Meta.Code);
        Assert.Equal("otp", e.Data.Type);
        Assert.Null(e.Data.Entity);
        Assert.Equal(new[] { "+96656000000" }, e.Data.Notifiable);
    }

    [Fact]
    public void Legacy_abandoned_cart_lifts_bare_numbers_into_money()
    {
        var e = Parse("abandoned.cart.legacy-doc.json", b => AbandonedCartEvent.Parse(b));
        using var json = JsonDocument.Parse(RepoPaths.ExampleBody("abandoned.cart.legacy-doc.json"));

        Assert.Equal(json.RootElement.GetProperty("data").GetProperty("subtotal").GetDecimal(), e.Data.Subtotal!.Amount);
        Assert.Null(e.Data.Subtotal.Currency);
    }

    [Fact]
    public void Review_reads_its_date_sent_as_an_array()
    {
        var e = Parse("review.added.json", b => ReviewAddedEvent.Parse(b));

        Assert.Equal(new DateTimeOffset(2022, 12, 31, 0, 0, 0, Riyadh), Assert.Single(e.Data.Date!));
    }

    [Fact]
    public void Deprecated_members_are_populated_and_marked()
    {
        var e = Parse("order.created.order-fulfilment-app-cycle-doc.json", b => OrderCreatedEvent.Parse(b));
        var property = typeof(Order).GetProperty(nameof(Order.RatingLink))!;

        Assert.False(string.IsNullOrEmpty(e.Data.RatingLink));
        var marker = (SallaDeprecatedAttribute)Attribute.GetCustomAttribute(property, typeof(SallaDeprecatedAttribute))!;
        Assert.Equal("data.urls.rating", marker.Replacement);
        Assert.Equal("2025-05-25", marker.Since);
        Assert.NotNull(typeof(OrderItem).GetProperty(nameof(OrderItem.Codes))!.GetCustomAttributes(typeof(SallaDeprecatedAttribute), false).SingleOrDefault());
    }

    [Fact]
    public void Catalogue_maps_names_to_types_and_back()
    {
        Assert.Equal(84, SallaEvents.All.Count);
        Assert.Equal(typeof(OrderCreatedEvent), SallaEvents.Find("order.created")!.EventType);
        Assert.Equal("order.created", SallaEvents.Find(typeof(OrderCreatedEvent))!.Name);
        Assert.Equal(typeof(IOrderCreatedHandler), SallaEvents.Find(SallaEvents.OrderCreated)!.HandlerType);
        Assert.Equal("2025-12-15", SallaEvents.Find("product.updated")!.DeprecatedSince);
        Assert.Contains("product.price.updated", SallaEvents.Find("product.updated")!.ReplacedBy);
        Assert.Null(SallaEvents.Find("order.create"));
        Assert.Equal(OrderCreatedEvent.Name, SallaEvents.OrderCreated);
        Assert.Equal("store.branch.setDefault", SallaEvents.StoreBranchSetDefault);
    }
}
