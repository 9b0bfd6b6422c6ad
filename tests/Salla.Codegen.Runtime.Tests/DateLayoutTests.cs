using System;
using System.Globalization;
using Xunit;

namespace Salla.Codegen.Runtime.Tests;

/// <summary>
/// The layouts read in place (yyyy-MM-dd HH:mm:ss[.f…], yyyy-MM-dd, JavaScript's Date.toString()) give what
/// the general parsers give, at their edges too: an impossible date is refused, never moved to a real one.
/// </summary>
public class DateLayoutTests
{
    [Theory]
    [InlineData("2022-12-31 12:31:25", "2022-12-31T12:31:25.0000000+03:00")]
    [InlineData("2022-12-31 12:31:25.5", "2022-12-31T12:31:25.5000000+03:00")]
    [InlineData("2022-12-31 12:31:25.000000", "2022-12-31T12:31:25.0000000+03:00")]
    [InlineData("2024-02-29 23:59:59.9999999", "2024-02-29T23:59:59.9999999+03:00")]
    [InlineData("2023-04-18", "2023-04-18T00:00:00.0000000+03:00")]
    [InlineData("0001-01-01 03:00:00", "0001-01-01T03:00:00.0000000+03:00")]
    [InlineData("Sun Jun 26 2022 12:21:48 GMT+0300", "2022-06-26T12:21:48.0000000+03:00")]
    [InlineData("sun JUN 26 2022 12:21:48 GMT+0300", "2022-06-26T12:21:48.0000000+03:00")]
    [InlineData("Wed Feb 29 2024 00:00:00 UTC-0130", "2024-02-29T00:00:00.0000000-01:30")]
    [InlineData("Sun Jun 6 2022 12:21:48 GMT+0300", "2022-06-06T12:21:48.0000000+03:00")]
    [InlineData("Sun Jun 26 2022 12:21:48 GMT+0300 (Arabian Standard Time)", "2022-06-26T12:21:48.0000000+03:00")]
    public void Reads(string text, string expected)
    {
        Assert.True(SallaDateTime.TryParse(text, out var value));
        Assert.Equal(expected, value.ToString("O", CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("2022-02-29 10:00:00")]
    [InlineData("2022-13-01 10:00:00")]
    [InlineData("2022-12-31 24:00:00")]
    [InlineData("2022-12-31 12:60:00")]
    [InlineData("2022-12-31 12:31:25.12345678")]
    [InlineData("0000-01-01")]
    [InlineData("2022-12-3x")]
    [InlineData("Sun Feb 30 2022 12:21:48 GMT+0300")]
    [InlineData("Sun Jun 26 2022 24:21:48 GMT+0300")]
    [InlineData("Sun Jux 26 2022 12:21:48 GMT+0300")]
    [InlineData("Sun Jun 26 2022 12:21:48 GMT+1500")]
    [InlineData("Sun Jun 26 2022 12:21:48 XYZ+0300")]
    public void Refuses(string text) => Assert.False(SallaDateTime.TryParse(text, out _));

    [Theory]
    [InlineData("2022-06-26 12:21:45.000000", "Asia/Riyadh", "2022-06-26T12:21:45.0000000+03:00")]
    [InlineData("2022-06-26 12:21:45", "+04:00", "2022-06-26T12:21:45.0000000+04:00")]
    public void Reads_php_dates(string localTime, string zone, string expected)
    {
        Assert.True(SallaDateTime.TryFromPhp(localTime, zone, out var value));
        Assert.Equal(expected, value.ToString("O", CultureInfo.InvariantCulture));
    }
}
