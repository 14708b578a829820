using Disputes.Application.Ports;
using Microsoft.EntityFrameworkCore;

namespace Disputes.Persistence.Workflows;

public sealed class EfTimerQueue(DisputesDbContext db) : ITimerQueue
{
    public async Task<IReadOnlyList<Guid>> FindDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        await db.Timers.AsNoTracking().Where(t => t.DueAt <= now).OrderBy(t => t.DueAt).Select(t => t.Id).Take(max).ToListAsync(cancellationToken);
}
