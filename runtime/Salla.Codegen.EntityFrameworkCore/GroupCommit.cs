using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace Salla.Codegen.EntityFrameworkCore;

/// <summary>
/// Gathers the items that arrive while a commit is in flight and commits them together in the next
/// one: one statement and one durable write for many callers, however many wait. A caller's wait
/// ends only when the commit holding its item has finished, with that item's answer, or with the
/// commit's exception when it failed.
/// </summary>
/// <typeparam name="TItem">What one caller hands in.</typeparam>
internal sealed class GroupCommit<TItem> : IAsyncDisposable
{
    private readonly string _name;
    private readonly int _maxPerCommit;
    private readonly Func<IReadOnlyList<TItem>, Task<bool[]>> _commit;
    private readonly Channel<Waiting> _waiting = Channel.CreateUnbounded<Waiting>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _committing;

    /// <param name="name">What is committed, for the error a caller gets after shutdown.</param>
    /// <param name="maxPerCommit">The most items one commit takes (a statement's parameters are bounded).</param>
    /// <param name="commit">Commits the items and answers each, in order.</param>
    public GroupCommit(string name, int maxPerCommit, Func<IReadOnlyList<TItem>, Task<bool[]>> commit)
    {
        _name = name;
        _maxPerCommit = maxPerCommit;
        _commit = commit;
        _committing = Task.Run(CommitLoopAsync);
    }

    /// <summary>Waits for the commit that holds <paramref name="item"/> and returns its answer for it.</summary>
    public async ValueTask<bool> CommitAsync(TItem item, CancellationToken cancellationToken)
    {
        var waiting = new Waiting(item);
        if (!_waiting.Writer.TryWrite(waiting))
        {
            throw new ObjectDisposedException(_name, $"The {_name} is shutting down.");
        }

        // A caller that stops waiting does not take its item back: the commit may already hold it.
        return await waiting.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Takes no more items; those already waiting are still committed.</summary>
    public void Complete() => _waiting.Writer.TryComplete();

    public async ValueTask DisposeAsync()
    {
        Complete();
        await _committing.ConfigureAwait(false);
    }

    private async Task CommitLoopAsync()
    {
        var batch = new List<Waiting>(_maxPerCommit);
        var items = new List<TItem>(_maxPerCommit);
        while (await _waiting.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            items.Clear();
            while (batch.Count < _maxPerCommit && _waiting.Reader.TryRead(out var waiting))
            {
                batch.Add(waiting);
                items.Add(waiting.Item);
            }

            try
            {
                var answers = await _commit(items).ConfigureAwait(false);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(answers[i]);
                }
            }
            catch (Exception ex)
            {
                foreach (var waiting in batch)
                {
                    waiting.Done.TrySetException(ex);
                }
            }
        }
    }

    private sealed class Waiting(TItem item)
    {
        public TItem Item { get; } = item;

        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
