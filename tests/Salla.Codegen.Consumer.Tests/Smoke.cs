using Xunit;

namespace Salla.Codegen.Consumer.Tests;

public class Smoke
{
    [Fact]
    public void Generated_catalogue_is_there()
    {
        Assert.Equal("order.created", Salla.Events.SallaEvents.OrderCreated);
    }
}
