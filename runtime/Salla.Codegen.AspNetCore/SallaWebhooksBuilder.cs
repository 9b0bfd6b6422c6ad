using System;
using System.Collections;
using System.Collections.Generic;
using Microsoft.Extensions.DependencyInjection;

namespace Salla.Codegen.AspNetCore;

/// <summary>
/// What <c>AddSallaWebhooks</c> returns: the service collection, plus a place for extensions that
/// configure the receiver (such as <c>UseEntityFrameworkInbox</c>). It is the service collection
/// itself, so calls chained on the result of <c>AddSallaWebhooks</c> keep working.
/// </summary>
public sealed class SallaWebhooksBuilder : IServiceCollection
{
    /// <summary>Wraps <paramref name="services"/>.</summary>
    public SallaWebhooksBuilder(IServiceCollection services)
    {
        Services = services ?? throw new ArgumentNullException(nameof(services));
    }

    /// <summary>The service collection the receiver is registered in.</summary>
    public IServiceCollection Services { get; }

    /// <inheritdoc />
    public int Count => Services.Count;

    /// <inheritdoc />
    public bool IsReadOnly => Services.IsReadOnly;

    /// <inheritdoc />
    public ServiceDescriptor this[int index]
    {
        get => Services[index];
        set => Services[index] = value;
    }

    /// <inheritdoc />
    public int IndexOf(ServiceDescriptor item) => Services.IndexOf(item);

    /// <inheritdoc />
    public void Insert(int index, ServiceDescriptor item) => Services.Insert(index, item);

    /// <inheritdoc />
    public void RemoveAt(int index) => Services.RemoveAt(index);

    /// <inheritdoc />
    public void Add(ServiceDescriptor item) => Services.Add(item);

    /// <inheritdoc />
    public void Clear() => Services.Clear();

    /// <inheritdoc />
    public bool Contains(ServiceDescriptor item) => Services.Contains(item);

    /// <inheritdoc />
    public void CopyTo(ServiceDescriptor[] array, int arrayIndex) => Services.CopyTo(array, arrayIndex);

    /// <inheritdoc />
    public bool Remove(ServiceDescriptor item) => Services.Remove(item);

    /// <inheritdoc />
    public IEnumerator<ServiceDescriptor> GetEnumerator() => Services.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
