namespace Disputes.Application.Ports;

/// <summary>A database transaction spanning a use case's own writes and the workflow transition it causes.</summary>
public interface IUnitOfWork
{
    Task<IAsyncDisposable> BeginAsync(CancellationToken cancellationToken);
    Task CommitAsync(CancellationToken cancellationToken);
}
