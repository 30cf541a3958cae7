using System.Collections.Concurrent;
using System.Text.Json;

namespace PluginBridge.Engine.OAuth;

/// <summary>
/// Where tokens live: one encrypted file per store path (OAuth.SetTokenStore), or memory only when no path is set.
/// Every handle of this process that names the same path shares one TokenBook object, so one lock covers them all;
/// a lock file beside the book serialises changes between processes. Writes are atomic (temporary file + rename),
/// and a book that cannot be read is never overwritten.
/// </summary>
public sealed class TokenBook
{
    static readonly ConcurrentDictionary<string, TokenBook> open = new(StringComparer.Ordinal);
    static readonly TokenBook memory = new("");

    readonly ConcurrentDictionary<string, SemaphoreSlim> accountLocks = new(StringComparer.OrdinalIgnoreCase);
    readonly SemaphoreSlim bookLock = new(1, 1);
    TokenBookContent inMemory = new();

    TokenBook(string path) => Path = path;

    /// <summary>Full path of the file, or "" for the in-memory book.</summary>
    public string Path { get; }

    public static TokenBook For(string path) =>
        path.Length == 0 ? memory : open.GetOrAdd(System.IO.Path.GetFullPath(path), p => new TokenBook(p));

    /// <summary>Serialises refreshes of one account inside this process (the provider sees one refresh, not
    /// 16).</summary>
    public SemaphoreSlim AccountLock(string key) => accountLocks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));

    /// <summary>The current content (read from disk for a file book).</summary>
    public TokenBookContent Read()
    {
        bookLock.Wait();
        try { return Path.Length == 0 ? Clone(inMemory) : Load(); }
        finally { bookLock.Release(); }
    }

    /// <summary>Reads, changes and writes back the book under the in-process lock and the cross-process lock
    /// file.</summary>
    /// <param name="crossProcessLockHeld">True when the caller already holds <see cref="LockAcrossProcesses"/>.</param>
    public T Update<T>(Func<TokenBookContent, T> change, bool crossProcessLockHeld = false)
    {
        bookLock.Wait();
        try
        {
            if (Path.Length == 0)
            {
                var copy = Clone(inMemory);
                var result = change(copy);
                inMemory = copy;
                return result;
            }
            using var fileLock = crossProcessLockHeld ? null : LockFile();
            var content = Load();
            var r = change(content);
            Save(content);
            return r;
        }
        finally { bookLock.Release(); }
    }

    /// <summary>Holds the cross-process lock for a longer step (a refresh over the network); null for the memory
    /// book.</summary>
    public IDisposable? LockAcrossProcesses() => Path.Length == 0 ? null : LockFile();

    static TokenBookContent Clone(TokenBookContent c) =>
        JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(c, TokenBookJson.Default.TokenBookContent),
            TokenBookJson.Default.TokenBookContent)!;

    TokenBookContent Load()
    {
        byte[] bytes;
        try
        {
            if (!File.Exists(Path)) return new TokenBookContent();
            bytes = File.ReadAllBytes(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw TokenBookCipher.Unreadable(Path, e.Message);
        }
        var plain = TokenBookCipher.Decrypt(bytes, Path);
        try
        {
            return JsonSerializer.Deserialize(plain, TokenBookJson.Default.TokenBookContent) ?? new TokenBookContent();
        }
        catch (JsonException)
        {
            throw TokenBookCipher.Unreadable(Path, "its content is not a token book");
        }
    }

    void Save(TokenBookContent content)
    {
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            // Readers (and the next start after a kill) see the old or the new book, never a torn one.
            AtomicFile.Write(Path, TokenBookCipher.Encrypt(
                JsonSerializer.SerializeToUtf8Bytes(content, TokenBookJson.Default.TokenBookContent)), @private: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MbsException($"The token book {Path} could not be written: {e.Message}. Check the folder's " +
                $"permissions and free space.");
        }
    }

    FileStream LockFile()
    {
        var lockPath = Path + ".lock";
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(lockPath)!);
        var deadline = Environment.TickCount64 + 30_000;
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (Environment.TickCount64 < deadline)
            {
                Thread.Sleep(20); // another process holds it for a write or a refresh
            }
            catch (IOException)
            {
                throw new MbsException($"The token book {Path} stayed locked by another process for 30 seconds (lock " +
                    $"file {lockPath}). Try again.");
            }
        }
    }
}
