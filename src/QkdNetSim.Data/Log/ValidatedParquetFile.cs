using Microsoft.Win32.SafeHandles;
using Parquet;
using Parquet.Schema;
using QkdNetSim.Core;

namespace QkdNetSim.Data.Log;

/// <summary>
/// Opening a log for reading: the file exists and opens, the Parquet framing is sound (checked before Parquet.Net sees
/// the footer: it spins forever on some malformed ones), the footer parses, the log's own columns match
/// (<paramref name="matchColumns"/>) and the row groups lie inside the file. Every failure is an
/// <see cref="InputError"/> naming the file; nothing stays open after one.
/// </summary>
internal static class ValidatedParquetFile
{
    public static (ParquetReader Parquet, TFields Fields, SafeFileHandle Handle) Open<TFields>(string path,
        Func<string, ParquetSchema, TFields> matchColumns)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path)) throw new InputError(path, "file", "is a directory, expected a Parquet file");
        if (!File.Exists(path)) throw new InputError(path, "file", "not found");

        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputError(path, "file", $"cannot open ({ParquetIntegrity.OneLine(ex.Message)})", ex);
        }

        ParquetReader? parquet = null;
        try
        {
            long footerBytes = ParquetIntegrity.CheckFraming(path, stream);
            ParquetSchema schema;
            try
            {
                parquet = SyncOverAsync.Run(() => ParquetReader.CreateAsync(stream, leaveStreamOpen: false));
                // Parquet.Net builds these lazily: touch them here so a corrupt footer fails now, as InputError.
                schema = parquet.Schema;
                _ = parquet.CustomMetadata;
                _ = parquet.RowGroupCount;
            }
            catch (Exception ex)
            {
                throw ParquetIntegrity.Corrupt(path, $"unreadable footer: {ParquetIntegrity.OneLine(ex.Message)}", ex);
            }
            var fields = matchColumns(path, schema);
            ParquetIntegrity.CheckRowGroups(path, parquet, stream.Length, footerBytes);
            SafeFileHandle handle;
            try
            {
                handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InputError(path, "file", $"cannot open ({ParquetIntegrity.OneLine(ex.Message)})", ex);
            }
            return (parquet, fields, handle);
        }
        catch
        {
            if (parquet is not null) ParquetIntegrity.DisposeQuietly(parquet);
            stream.Dispose();
            throw;
        }
    }
}
