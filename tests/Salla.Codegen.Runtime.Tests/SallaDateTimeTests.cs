using System.Globalization;
using System.Text.Json;
using System;
using Salla.Codegen.Metadata;
using Xunit;
using static Salla.Codegen.Runtime.Tests.JsonTestHelper;

namespace Salla.Codegen.Runtime.Tests;

public class SallaDateTimeTests
{
    public static TheoryData<string, string> Formats => new()
    {
        // JavaScript Date.toString(), the envelope's created_at.
        { "Sun Jun 26 2022 12:21:48 GMT+0300", "2022-06-26T12:21:48+03:00" },
        { "Wed Jul 7 2021 14:50:48 GMT+0300", "2021-07-07T14:50:48+03:00" },
        { "Wed Jul 07 2021 14:50:48 GMT+0300", "2021-07-07T14:50:48+03:00" },
        { "Tue Jan 21 2025 17:00:00 GMT+0300", "2025-01-21T17:00:00+03:00" },
        { "Sun Jun 26 2022 12:21:48 GMT+0300 (Arabian Standard Time)", "2022-06-26T12:21:48+03:00" },
        { "Sun Jun 26 2022 12:21:48 GMT+03:00", "2022-06-26T12:21:48+03:00" },
        { "Sun Jun 26 2022 09:21:48 GMT", "2022-06-26T09:21:48+00:00" },
        { "Mon Jan 06 2025 08:00:00 GMT-0500", "2025-01-06T08:00:00-05:00" },
        { "Wed Jul 7 2021 4:50:48 GMT+0300", "2021-07-07T04:50:48+03:00" },

        // Wall-clock strings without a zone are Saudi time.
        { "2022-12-31 12:31:25", "2022-12-31T12:31:25+03:00" },
        { "2023-04-17 12:14:21", "2023-04-17T12:14:21+03:00" },
        { "2025-04-13 00:00:00", "2025-04-13T00:00:00+03:00" },
        { "2022-06-26 12:21:45.000000", "2022-06-26T12:21:45+03:00" },
        { "2022-06-26 12:21:45.123456", "2022-06-26T12:21:45.123456+03:00" },
        { "2022-06-26T12:21:45", "2022-06-26T12:21:45+03:00" },
        { "2022-06-26 12:21", "2022-06-26T12:21:00+03:00" },
        { "2023-07-27", "2023-07-27T00:00:00+03:00" },
        { "  2023-07-27  ", "2023-07-27T00:00:00+03:00" },

        // ISO 8601 with a zone keeps it.
        { "2021-10-09T21:00:00.000000Z", "2021-10-09T21:00:00+00:00" },
        { "2021-10-09T21:00:00Z", "2021-10-09T21:00:00+00:00" },
        { "2021-10-09T21:00:00+03:00", "2021-10-09T21:00:00+03:00" },
        { "2021-10-09T21:00:00.5-04:30", "2021-10-09T21:00:00.5-04:30" },
        { "2021-10-09 21:00:00+03:00", "2021-10-09T21:00:00+03:00" },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void ParsesEveryFormatSallaSends(string text, string expected)
    {
        Assert.True(SallaDateTime.TryParse(text, out var value), text);
        SameMoment(Iso(expected), value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("garbage")]
    [InlineData("null")]
    [InlineData("2022-13-01")]
    [InlineData("2022-02-30")]
    [InlineData("2022-06-26 25:00:00")]
    [InlineData("26/06/2022")]
    [InlineData("2022/06/26")]
    [InlineData("1656235308")]
    [InlineData("Sun Xyz 26 2022 12:21:48 GMT+0300")]
    [InlineData("Sun Jun 32 2022 12:21:48 GMT+0300")]
    [InlineData("Sun Jun 26 2022 12:21:48 GMT+9900")]
    [InlineData("Sun Jun 26 2022 12:21:48 GMT+0399")]
    [InlineData("Sun Jun 26 2022 12:21:48 PST")]
    [InlineData("2021-10-09T21:00:00+25:00")]
    [InlineData("0001-01-01 00:00:00")]
    [InlineData("0001-01-01")]
    public void RejectsGarbage(string? text)
    {
        Assert.False(SallaDateTime.TryParse(text, out var value));
        Assert.Equal(default, value);
    }

    public static TheoryData<string, string?, string> PhpDates => new()
    {
        { "2022-06-26 12:21:45.000000", "Asia/Riyadh", "2022-06-26T12:21:45+03:00" },
        { "2022-06-26 12:21:45.000000", "+03:00", "2022-06-26T12:21:45+03:00" },
        { "2022-06-26 12:21:45.000000", "-04:30", "2022-06-26T12:21:45-04:30" },
        { "2022-06-26 12:21:45.000000", "+0530", "2022-06-26T12:21:45+05:30" },
        { "2022-06-26 12:21:45.000000", "UTC", "2022-06-26T12:21:45+00:00" },
        { "2022-06-26 12:21:45.000000", "Asia/Dubai", "2022-06-26T12:21:45+04:00" },
        { "2022-06-26 12:21:45.000000", "AST", "2022-06-26T12:21:45+03:00" },
        { "2022-06-26 12:21:45.000000", " Asia/Riyadh ", "2022-06-26T12:21:45+03:00" },
        { "2022-06-26 12:21:45.000000", null, "2022-06-26T12:21:45+03:00" },
        { "2022-06-26 12:21:45.000000", "", "2022-06-26T12:21:45+03:00" },
        { "1990-01-15 00:00:00.000000", "Asia/Riyadh", "1990-01-15T00:00:00+03:00" },
        { "2022-06-26 12:21:45", "Asia/Riyadh", "2022-06-26T12:21:45+03:00" },

        // The offset is the zone's at that wall-clock time, not now.
        { "2022-07-01 12:00:00.000000", "Europe/London", "2022-07-01T12:00:00+01:00" },
        { "2022-01-01 12:00:00.000000", "Europe/London", "2022-01-01T12:00:00+00:00" },
    };

    [Theory]
    [MemberData(nameof(PhpDates))]
    public void PlacesPhpDatesInTheirZone(string date, string? timezone, string expected)
    {
        Assert.True(SallaDateTime.TryFromPhp(date, timezone, out var value));
        SameMoment(Iso(expected), value);
    }

    [Theory]
    [InlineData("1940-05-01 00:00:00.000000", "Asia/Riyadh")]
    [InlineData("1850-05-01 10:30:00.000000", "Europe/London")]
    public void PhpDatesBeforeStandardTimeKeepTheirWallClock(string date, string timezone)
    {
        // Before 1947 Asia/Riyadh is local mean time, +03:06:52: an offset DateTimeOffset cannot hold.
        Assert.True(SallaDateTime.TryFromPhp(date, timezone, out var value));
        Assert.Equal(DateTime.ParseExact(date, "yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture), value.DateTime);
        Assert.Equal(0, value.Offset.Ticks % TimeSpan.TicksPerMinute);
        var zoneOffset = TimeZoneInfo.FindSystemTimeZoneById(timezone).GetUtcOffset(value.DateTime);
        Assert.True((value.Offset - zoneOffset).Duration() < TimeSpan.FromMinutes(1), $"{value.Offset} vs {zoneOffset}");
    }

    [Fact]
    public void OldBirthdayInAPhpObjectReads() =>
        Assert.Equal(new DateTime(1940, 5, 1), Read("{\"date\":\"1940-05-01 00:00:00.000000\",\"timezone_type\":3,\"timezone\":\"Asia/Riyadh\"}", SallaJson.ReadDateTime)!.Value.DateTime);

    [Theory]
    [InlineData(null, "UTC")]
    [InlineData("", "UTC")]
    [InlineData("garbage", "Asia/Riyadh")]
    [InlineData("Sun Jun 26 2022 12:21:48 GMT+0300", "Asia/Riyadh")]
    [InlineData("2022-06-26 12:21:45.000000", "Mars/Olympus")]
    [InlineData("2022-06-26 12:21:45.000000", "+3")]
    [InlineData("2022-06-26 12:21:45.000000", "+")]
    [InlineData("2022-06-26 12:21:45.000000", "-ab:cd")]
    [InlineData("2022-06-26 12:21:45.000000", "+99:00")]
    [InlineData("2022-06-26 12:21:45.000000", "+03:75")]
    [InlineData("2022-06-26 12:21:45.000000", "+03:00:00")]
    [InlineData("0001-01-01 00:00:00", "Asia/Riyadh")]
    [InlineData("9999-12-31 23:59:59", "-05:00")]
    public void PhpRejectsWhatItCannotPlace(string? date, string timezone)
    {
        Assert.False(SallaDateTime.TryFromPhp(date, timezone, out var value));
        Assert.Equal(default, value);
    }

    [Fact]
    public void DefaultOffsetIsSaudiTime() => Assert.Equal(TimeSpan.FromHours(3), SallaDateTime.DefaultOffset);

    [Theory]
    [InlineData("ar-SA")]
    [InlineData("fr-FR")]
    [InlineData("th-TH")]
    public void DoesNotDependOnTheCurrentCulture(string cultureName)
    {
        var culture = CultureInfo.GetCultureInfo(cultureName);
        var saved = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;

            // ar-SA uses the Um Al-Qura calendar and th-TH the Buddhist one: a culture-bound parse would shift the year.
            switch (cultureName)
            {
                case "ar-SA":
                    Assert.IsType<UmAlQuraCalendar>(CultureInfo.CurrentCulture.Calendar);
                    break;
                case "th-TH":
                    Assert.IsType<ThaiBuddhistCalendar>(CultureInfo.CurrentCulture.Calendar);
                    break;
                default:
                    Assert.Equal(",", CultureInfo.CurrentCulture.NumberFormat.NumberDecimalSeparator);
                    break;
            }

            Assert.True(SallaDateTime.TryParse("Sun Jun 26 2022 12:21:48 GMT+0300", out var js));
            SameMoment(Iso("2022-06-26T12:21:48+03:00"), js);
            Assert.True(SallaDateTime.TryParse("2022-12-31 12:31:25", out var local));
            SameMoment(Iso("2022-12-31T12:31:25+03:00"), local);
            Assert.True(SallaDateTime.TryParse("2021-10-09T21:00:00.000000Z", out var iso));
            SameMoment(Iso("2021-10-09T21:00:00+00:00"), iso);
            Assert.True(SallaDateTime.TryFromPhp("2022-06-26 12:21:45.000000", "Asia/Riyadh", out var php));
            SameMoment(Iso("2022-06-26T12:21:45+03:00"), php);

            // The number readers too: fr-FR writes 0,10 and groups with spaces.
            Assert.Equal("0.10", Read("\"0.10\"", SallaJson.ReadDecimal)!.Value.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(911.97m, Read("911.97", SallaJson.ReadDecimal));
            Assert.Equal(1473353380L, Read("\"1473353380\"", SallaJson.ReadInt64));
            Assert.Equal("911.97", Read("911.97", SallaJson.ReadString));
            SameMoment(Iso("2022-06-26T12:21:45+03:00"), Read("{\"date\":\"2022-06-26 12:21:45.000000\",\"timezone_type\":3,\"timezone\":\"Asia/Riyadh\"}", SallaJson.ReadDateTime));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved.CurrentCulture;
            CultureInfo.CurrentUICulture = saved.CurrentUICulture;
        }
    }
}

[CollectionDefinition(nameof(LocalTimeZoneCollection), DisableParallelization = true)]
public class LocalTimeZoneCollection
{
}

/// <summary>Changes the process's local time zone, so it runs alone.</summary>
[Collection(nameof(LocalTimeZoneCollection))]
public class SallaDateTimeLocalZoneTests
{
    [Theory]
    [InlineData("America/Los_Angeles")]
    [InlineData("Asia/Tokyo")]
    [InlineData("Etc/UTC")]
    [InlineData("Asia/Riyadh")]
    public void DoesNotDependOnTheMachineTimeZone(string zone)
    {
        var saved = Environment.GetEnvironmentVariable("TZ");
        try
        {
            Environment.SetEnvironmentVariable("TZ", zone);
            TimeZoneInfo.ClearCachedData();
            Assert.Equal(TimeZoneInfo.FindSystemTimeZoneById(zone).BaseUtcOffset, TimeZoneInfo.Local.BaseUtcOffset);

            Assert.True(SallaDateTime.TryParse("2022-12-31 12:31:25", out var local));
            SameMoment(Iso("2022-12-31T12:31:25+03:00"), local);
            Assert.True(SallaDateTime.TryParse("2023-07-27", out var bare));
            SameMoment(Iso("2023-07-27T00:00:00+03:00"), bare);
            Assert.True(SallaDateTime.TryParse("2022-06-26T12:21:45.000000", out var isoLocal));
            SameMoment(Iso("2022-06-26T12:21:45+03:00"), isoLocal);
            Assert.True(SallaDateTime.TryParse("Sun Jun 26 2022 12:21:48 GMT+0300", out var js));
            SameMoment(Iso("2022-06-26T12:21:48+03:00"), js);
            Assert.True(SallaDateTime.TryParse("2021-10-09T21:00:00.000000Z", out var utc));
            SameMoment(Iso("2021-10-09T21:00:00+00:00"), utc);
            Assert.True(SallaDateTime.TryFromPhp("2022-06-26 12:21:45.000000", null, out var php));
            SameMoment(Iso("2022-06-26T12:21:45+03:00"), php);
            SameMoment(Iso("2022-06-26T09:21:48+00:00"), Read("1656235308", SallaJson.ReadDateTime));
        }
        finally
        {
            Environment.SetEnvironmentVariable("TZ", saved);
            TimeZoneInfo.ClearCachedData();
        }
    }
}
