using System;
using Microsoft.Extensions.Logging;

namespace Salla.Codegen.EntityFrameworkCore;

// Event ids 4200-4229, after the receiver's 4100-4130.
internal static partial class SallaInboxLog
{

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning, Message = "Salla delivery {DeliveryKey} ({EventName}) failed attempt {Attempt} of {MaxAttempts}; retrying in {RetryDelay}")]
    public static partial void Retrying(ILogger logger, Exception? exception, string eventName, string deliveryKey, int attempt, int maxAttempts, TimeSpan retryDelay);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Error, Message = "Salla delivery {DeliveryKey} ({EventName}) dead-lettered after {Attempt} attempt(s); replay it once the cause is fixed")]
    public static partial void DeadLettered(ILogger logger, Exception? exception, string eventName, string deliveryKey, int attempt);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Warning, Message = "Salla delivery {DeliveryKey} ({EventName}): the lease ran out before it was marked processed; its handler work was rolled back and the worker holding it now finishes it")]
    public static partial void LeaseLost(ILogger logger, string eventName, string deliveryKey);

    [LoggerMessage(EventId = 4204, Level = LogLevel.Error, Message = "The Salla inbox worker could not reach the database; trying again in {Delay}")]
    public static partial void WorkerFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(EventId = 4205, Level = LogLevel.Information, Message = "Pruned {Count} processed Salla deliveries older than {Retention}")]
    public static partial void Pruned(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(EventId = 4206, Level = LogLevel.Information, Message = "Salla inbox worker {LeaseOwner} started")]
    public static partial void WorkerStarted(ILogger logger, string leaseOwner);

    [LoggerMessage(EventId = 4208, Level = LogLevel.Error, Message = "Salla delivery {DeliveryKey} ({EventName}): its outcome could not be recorded; it is dispatched again once its lease runs out (within {LeaseDuration})")]
    public static partial void DispatchStateLost(ILogger logger, Exception exception, string eventName, string deliveryKey, TimeSpan leaseDuration);

    [LoggerMessage(EventId = 4209, Level = LogLevel.Error, Message = "{Hint} Trying again in {Delay}")]
    public static partial void TableMissing(ILogger logger, string hint, TimeSpan delay);

    [LoggerMessage(EventId = 4210, Level = LogLevel.Warning, Message = "The Salla inbox could not reach its database at start-up; deliveries are answered 500 (and retried by Salla) until it can")]
    public static partial void DatabaseUnreachableAtStart(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4207, Level = LogLevel.Warning, Message = "Salla delivery {DeliveryKey} replayed from the dead-letter state")]
    public static partial void Replayed(ILogger logger, string deliveryKey);
}
