using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Salla.Codegen;

namespace Salla.Codegen.Consumer.Tests;

/// <summary>
/// A minimal IServiceProvider: answers <c>IEnumerable&lt;T&gt;</c> with registered instances and, for
/// any generated handler interface, with a recording proxy, so a test can see which handler ran.
/// </summary>
public sealed class TestServices : IServiceProvider
{
    private readonly Dictionary<Type, List<object>> _registered = new();

    public List<(Type HandlerType, SallaEvent Event)> Calls { get; } = new();

    public TestServices Add<T>(T handler)
        where T : class
    {
        if (!_registered.TryGetValue(typeof(T), out var list))
        {
            _registered[typeof(T)] = list = new List<object>();
        }

        list.Add(handler);
        return this;
    }

    public object? GetService(Type serviceType)
    {
        if (!serviceType.IsGenericType || serviceType.GetGenericTypeDefinition() != typeof(IEnumerable<>))
        {
            return null;
        }

        var itemType = serviceType.GetGenericArguments()[0];
        var items = _registered.TryGetValue(itemType, out var list) ? list.ToList() : new List<object>();
        if (itemType.Namespace == "Salla.Events" && itemType.IsInterface)
        {
            var proxy = DispatchProxy.Create(itemType, typeof(RecordingProxy));
            ((RecordingProxy)proxy).Record = e => Calls.Add((itemType, e));
            items.Add(proxy);
        }

        var array = Array.CreateInstance(itemType, items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            array.SetValue(items[i], i);
        }

        return array;
    }

    public class RecordingProxy : DispatchProxy
    {
        public Action<SallaEvent> Record { get; set; } = _ => { };

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            Record((SallaEvent)args![0]!);
            return ValueTask.CompletedTask;
        }
    }
}
