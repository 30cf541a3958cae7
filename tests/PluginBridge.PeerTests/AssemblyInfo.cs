// The tests share one set of servers, one mailbox per user and the article's fixed WebHook port 9999:
// test classes run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
