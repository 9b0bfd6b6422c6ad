using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using Newtonsoft.Json.Linq;

namespace Salla.Codegen.Benchmarks;

// Hand-written models of order.created, equivalent to the generated Salla.Events.OrderCreatedEvent/Order graph for the
// members specs/examples/order.created.json has. Shared by the System.Text.Json (source generated) and the
// Newtonsoft.Json benchmarks. Member names come from a snake_case naming policy in both libraries (see HandModelsContext
// and NewtonsoftSetup); the one name that is not snake case, "user-agent", carries an attribute for each.
//
// Where the example sends a number as a string ("0.00", "5.00", "600.00") the property is a decimal that System.Text.Json
// reads with JsonNumberHandling.AllowReadingFromString (Newtonsoft reads numeric strings into decimals on its own).
// Members whose JSON type varies between payloads (mobile, label, policy_options, images, ...) are JsonElement.
// Every class keeps unknown members in ExtensionData, as the generated SallaObject does.

/// <summary>Base of the hand models: unknown members, as <c>Salla.Codegen.SallaObject.ExtensionData</c> keeps them.</summary>
public abstract class HandObject
{
    /// <summary>Unknown members, for System.Text.Json.</summary>
    [System.Text.Json.Serialization.JsonExtensionData]
    [Newtonsoft.Json.JsonIgnore]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>Unknown members, for Newtonsoft.Json, whose extension data must hold its own DOM (JToken), not JsonElement.</summary>
    [Newtonsoft.Json.JsonExtensionData]
    [System.Text.Json.Serialization.JsonIgnore]
    public Dictionary<string, JToken>? NewtonsoftExtensionData { get; set; }
}

/// <summary>The webhook envelope; Salla's example puts pickup_branch here, beside data, so it lands in ExtensionData.</summary>
public sealed class HandOrderCreated : HandObject
{
    public string? Event { get; set; }

    public long? Merchant { get; set; }

    /// <summary>JavaScript Date.toString() text ("Sun Jun 26 2022 12:21:48 GMT+0300"), which neither library parses as a date.</summary>
    public string? CreatedAt { get; set; }

    public HandOrder? Data { get; set; }
}

/// <summary>PHP's DateTime object: <c>{"date": "...", "timezone_type": 3, "timezone": "Asia/Riyadh"}</c>.</summary>
public sealed class HandPhpDate : HandObject
{
    public string? Date { get; set; }

    public int? TimezoneType { get; set; }

    public string? Timezone { get; set; }
}

public sealed class HandOrder : HandObject
{
    public long Id { get; set; }

    public long ReferenceId { get; set; }

    public HandOrderUrls? Urls { get; set; }

    public HandPhpDate? Date { get; set; }

    public bool? Draft { get; set; }

    public bool? Read { get; set; }

    public string? Source { get; set; }

    public string? SourceDevice { get; set; }

    public HandSourceDetails? SourceDetails { get; set; }

    public HandOrderStatus? Status { get; set; }

    public string? ReceiptImage { get; set; }

    public string? PaymentMethod { get; set; }

    public string? Currency { get; set; }

    public HandOrderAmounts? Amounts { get; set; }

    public HandShipping? Shipping { get; set; }

    public List<HandShipment>? Shipments { get; set; }

    public bool? CanCancel { get; set; }

    public bool? ShowWeight { get; set; }

    public bool? CanReorder { get; set; }

    public bool? IsPendingPayment { get; set; }

    public long? PendingPaymentEndsAt { get; set; }

    /// <summary>Localized display text ("٠٫٢٥ كجم"), not a number.</summary>
    public string? TotalWeight { get; set; }

    public List<HandShipmentBranch>? ShipmentBranch { get; set; }

    public HandCustomer? Customer { get; set; }

    public List<HandOrderItem>? Items { get; set; }

    public List<HandProductReservation>? ProductReservations { get; set; }

    public HandBank? Bank { get; set; }

    public List<HandTag>? Tags { get; set; }
}

public sealed class HandOrderUrls : HandObject
{
    public string? Customer { get; set; }

    public string? Admin { get; set; }

    public string? Rating { get; set; }

    public string? Checkout { get; set; }
}

public sealed class HandSourceDetails : HandObject
{
    public string? Type { get; set; }

    public string? Value { get; set; }

    public string? Device { get; set; }

    [JsonPropertyName("user-agent")]
    [Newtonsoft.Json.JsonProperty("user-agent")]
    public string? UserAgent { get; set; }

    public string? Ip { get; set; }
}

public sealed class HandOrderStatus : HandObject
{
    public long? Id { get; set; }

    public string? Name { get; set; }

    public string? Slug { get; set; }

    public HandIdName? Customized { get; set; }
}

public sealed class HandIdName : HandObject
{
    public long? Id { get; set; }

    public string? Name { get; set; }
}

public sealed class HandMoney : HandObject
{
    public decimal? Amount { get; set; }

    public string? Currency { get; set; }
}

public sealed class HandTax : HandObject
{
    /// <summary>Sent as a string ("0.00").</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public decimal? Percent { get; set; }

    public HandMoney? Amount { get; set; }
}

public sealed class HandDiscount : HandObject
{
    public string? Title { get; set; }

    public string? Type { get; set; }

    public string? Code { get; set; }

    /// <summary>Sent as a string ("5.00").</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public decimal? Discount { get; set; }

    public decimal? DiscountedShipping { get; set; }
}

public sealed class HandOrderAmounts : HandObject
{
    public HandMoney? SubTotal { get; set; }

    public HandMoney? ShippingCost { get; set; }

    public HandMoney? CashOnDelivery { get; set; }

    public HandTax? Tax { get; set; }

    public List<HandDiscount>? Discounts { get; set; }

    public HandMoney? Total { get; set; }
}

public sealed class HandShipping : HandObject
{
    public long? Id { get; set; }

    public long? AppId { get; set; }

    public string? Company { get; set; }

    public string? Logo { get; set; }

    public HandContact? Receiver { get; set; }

    public HandContact? Shipper { get; set; }

    public HandAddress? PickupAddress { get; set; }

    public HandAddress? Address { get; set; }

    public HandShippingShipment? Shipment { get; set; }

    /// <summary>PHP's <c>[]</c> here, an object in other payloads.</summary>
    public JsonElement? PolicyOptions { get; set; }
}

public sealed class HandContact : HandObject
{
    public string? Name { get; set; }

    public string? CompanyName { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }
}

public sealed class HandAddress : HandObject
{
    public string? Country { get; set; }

    public string? CountryCode { get; set; }

    public string? City { get; set; }

    public string? ShippingAddress { get; set; }

    public string? StreetNumber { get; set; }

    public string? Block { get; set; }

    public string? PostalCode { get; set; }

    public HandGeoCoordinates? GeoCoordinates { get; set; }
}

public sealed class HandGeoCoordinates : HandObject
{
    public decimal? Lat { get; set; }

    public decimal? Lng { get; set; }
}

public sealed class HandShippingShipment : HandObject
{
    public string? Id { get; set; }

    public string? PickupId { get; set; }

    public string? TrackingLink { get; set; }

    /// <summary>PHP's <c>[]</c> here, an object or null elsewhere.</summary>
    public JsonElement? Label { get; set; }
}

public sealed class HandShipment : HandObject
{
    public long? Id { get; set; }

    public HandPhpDate? CreatedAt { get; set; }

    public string? Type { get; set; }

    public long? CourierId { get; set; }

    public string? CourierName { get; set; }

    public string? CourierLogo { get; set; }

    public string? ShippingNumber { get; set; }

    public string? TrackingNumber { get; set; }

    public string? PickupId { get; set; }

    public bool? Trackable { get; set; }

    public string? TrackingLink { get; set; }

    /// <summary>null here, an object or <c>[]</c> elsewhere.</summary>
    public JsonElement? Label { get; set; }

    public string? PaymentMethod { get; set; }

    public string? Source { get; set; }

    public string? Status { get; set; }

    public HandMoney? Total { get; set; }

    public HandMoney? CashOnDelivery { get; set; }

    public bool? IsInternational { get; set; }

    public HandWeight? TotalWeight { get; set; }

    public HandIdName? ShippingRoute { get; set; }

    public List<HandPackage>? Packages { get; set; }

    public HandParty? ShipFrom { get; set; }

    public HandParty? ShipTo { get; set; }

    public HandShipmentMeta? Meta { get; set; }
}

public sealed class HandWeight : HandObject
{
    public decimal? Value { get; set; }

    public string? Units { get; set; }
}

public sealed class HandPackage : HandObject
{
    public long? ItemId { get; set; }

    public string? ExternalId { get; set; }

    public long? Quantity { get; set; }

    public HandWeight? Weight { get; set; }
}

public sealed class HandParty : HandObject
{
    public string? Type { get; set; }

    public string? Name { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public string? Country { get; set; }

    public string? City { get; set; }

    public HandRegion? Region { get; set; }

    public string? AddressLine { get; set; }

    public string? StreetNumber { get; set; }

    public string? Block { get; set; }

    public string? ShortAddress { get; set; }

    public string? BuildingNumber { get; set; }

    public string? AdditionalNumber { get; set; }

    public string? PostalCode { get; set; }

    public decimal? Latitude { get; set; }

    public decimal? Longitude { get; set; }

    public long? BranchId { get; set; }
}

public sealed class HandRegion : HandObject
{
    public long? Id { get; set; }

    public string? Name { get; set; }

    public string? Code { get; set; }
}

public sealed class HandShipmentMeta : HandObject
{
    public long? AppId { get; set; }

    /// <summary>An object here ({"dimensions": {"length": "", ...}}), PHP's <c>[]</c> in order.shipping.</summary>
    public JsonElement? PolicyOptions { get; set; }
}

public sealed class HandShipmentBranch : HandObject
{
    public long? Id { get; set; }

    public string? Name { get; set; }

    public string? Status { get; set; }

    public bool? IsDefault { get; set; }

    public JsonElement? Type { get; set; }
}

public sealed class HandCustomer : HandObject
{
    public long? Id { get; set; }

    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    /// <summary>A number here (501806978), a string in other payloads.</summary>
    public JsonElement? Mobile { get; set; }

    public string? MobileCode { get; set; }

    public string? Email { get; set; }

    public HandCustomerUrls? Urls { get; set; }

    public string? Avatar { get; set; }

    public string? Gender { get; set; }

    public HandPhpDate? Birthday { get; set; }

    public string? City { get; set; }

    public string? Country { get; set; }

    public string? CountryCode { get; set; }

    public string? Currency { get; set; }

    public string? Location { get; set; }

    public HandPhpDate? UpdatedAt { get; set; }
}

public sealed class HandCustomerUrls : HandObject
{
    public string? Customer { get; set; }

    public string? Admin { get; set; }
}

public sealed class HandOrderItem : HandObject
{
    public long? Id { get; set; }

    public string? Name { get; set; }

    public string? Sku { get; set; }

    public long? Quantity { get; set; }

    public string? Currency { get; set; }

    public decimal? Weight { get; set; }

    public string? WeightLabel { get; set; }

    public HandItemAmounts? Amounts { get; set; }

    public string? Notes { get; set; }

    public HandProduct? Product { get; set; }

    public List<HandItemOption>? Options { get; set; }

    public List<JsonElement>? Images { get; set; }

    public List<JsonElement>? Codes { get; set; }

    public List<JsonElement>? Files { get; set; }
}

public sealed class HandItemAmounts : HandObject
{
    public HandMoney? PriceWithoutTax { get; set; }

    public HandMoney? TotalDiscount { get; set; }

    public HandTax? Tax { get; set; }

    public HandMoney? Total { get; set; }
}

public sealed class HandProduct : HandObject
{
    public long? Id { get; set; }

    public string? Type { get; set; }

    public HandPromotion? Promotion { get; set; }

    public string? Status { get; set; }

    public bool? IsAvailable { get; set; }

    public string? Sku { get; set; }

    public string? Name { get; set; }

    public HandMoney? Price { get; set; }

    public HandMoney? SalePrice { get; set; }

    public string? Currency { get; set; }

    public string? Url { get; set; }

    public string? Thumbnail { get; set; }

    public bool? HasSpecialPrice { get; set; }

    public HandMoney? RegularPrice { get; set; }

    /// <summary>Sent as a string ("600.00").</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public decimal? Calories { get; set; }

    public string? Mpn { get; set; }

    public string? Gtin { get; set; }

    public bool? Favorite { get; set; }

    public HandMoney? StartingPrice { get; set; }
}

public sealed class HandPromotion : HandObject
{
    public string? Title { get; set; }

    public string? SubTitle { get; set; }
}

public sealed class HandItemOption : HandObject
{
    public long? Id { get; set; }

    public long? ProductOptionId { get; set; }

    public string? Name { get; set; }

    public string? Type { get; set; }

    public List<HandItemOptionValue>? Value { get; set; }
}

public sealed class HandItemOptionValue : HandObject
{
    public long? Id { get; set; }

    public string? Name { get; set; }

    public HandMoney? Price { get; set; }
}

public sealed class HandProductReservation : HandObject
{
    public long? Id { get; set; }

    public string? From { get; set; }

    public string? To { get; set; }

    /// <summary>A bare date ("2023-04-18").</summary>
    public string? Date { get; set; }
}

public sealed class HandBank : HandObject
{
    public long? Id { get; set; }

    public string? BankName { get; set; }

    public long? BankId { get; set; }

    public string? AccountName { get; set; }

    public string? AccountNumber { get; set; }

    public string? IbanNumber { get; set; }

    public string? Status { get; set; }
}

public sealed class HandTag : HandObject
{
    public long? Id { get; set; }

    public string? Name { get; set; }
}

/// <summary>System.Text.Json source generation for the hand models; reader settings as <c>SallaJson.ReaderOptions</c>.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    MaxDepth = 128)]
[JsonSerializable(typeof(HandOrderCreated))]
public sealed partial class HandModelsContext : JsonSerializerContext
{
}

/// <summary>Newtonsoft.Json settings for the same hand models.</summary>
public static class NewtonsoftSetup
{
    public static readonly Newtonsoft.Json.JsonSerializerSettings Settings = new()
    {
        ContractResolver = new Newtonsoft.Json.Serialization.DefaultContractResolver
        {
            NamingStrategy = new Newtonsoft.Json.Serialization.SnakeCaseNamingStrategy(),
        },
        // Keep date-like strings as strings (the models hold them as text, like the STJ path).
        DateParseHandling = Newtonsoft.Json.DateParseHandling.None,
        Converters = { new JsonElementConverter() },
    };

    /// <summary>
    /// Newtonsoft has no JsonElement: the JsonElement members (mobile, label, policy_options, images, ...) go through its
    /// own DOM (JToken) and are re-parsed into a JsonElement. That is the price of the shared models on this path.
    /// </summary>
    private sealed class JsonElementConverter : Newtonsoft.Json.JsonConverter
    {
        public override bool CanConvert(Type objectType) => objectType == typeof(JsonElement) || objectType == typeof(JsonElement?);

        public override object? ReadJson(Newtonsoft.Json.JsonReader reader, Type objectType, object? existingValue, Newtonsoft.Json.JsonSerializer serializer)
        {
            if (reader.TokenType == Newtonsoft.Json.JsonToken.Null && objectType == typeof(JsonElement?))
            {
                return null;
            }

            var token = JToken.ReadFrom(reader);
            using var document = JsonDocument.Parse(token.ToString(Newtonsoft.Json.Formatting.None));
            return document.RootElement.Clone();
        }

        public override void WriteJson(Newtonsoft.Json.JsonWriter writer, object? value, Newtonsoft.Json.JsonSerializer serializer) =>
            throw new NotSupportedException("The benchmark only reads.");
    }
}
