/* weights.h: the trained model on disk, a versioned little-endian binary file.
 *
 * docs/weights-format.md gives it byte by byte: magic, format version,
 * architecture, loss, schema (column names, labels, normalisation), every
 * layer's W (n_out x n_in, row-major) and b as IEEE-754 float64, and a
 * CRC-32 over all the bytes before it. Written atomically: a temporary file
 * in the same folder, then rename, so a reader never sees half a file.
 */
#ifndef MLP_WEIGHTS_H
#define MLP_WEIGHTS_H

#include "mlp/dataset.h"
#include "mlp/error.h"
#include "mlp/net.h"

#define MLP_WEIGHTS_VERSION 1

/* Writes net and schema to path atomically. MLP_ERR_IO when it cannot. */
mlp_status mlp_weights_write(const char *path, const mlp_net *net, const mlp_schema *schema,
                             mlp_error *err);

/* Serialises net and schema into a new malloc'd buffer (*buf, *len; the
 * caller frees it). mlp_weights_write writes exactly these bytes. */
mlp_status mlp_weights_encode(const mlp_net *net, const mlp_schema *schema,
                              unsigned char **buf, size_t *len, mlp_error *err);

/* Reads a model: *net is a new network (free with mlp_net_free) and *schema
 * is filled (free with mlp_schema_free). MLP_ERR_IO when unreadable;
 * MLP_ERR_WEIGHTS for a wrong magic, an unknown version, a bad checksum, a
 * truncated or inconsistent body, each with its own message. */
mlp_status mlp_weights_read(const char *path, mlp_net **net, mlp_schema *schema, mlp_error *err);

/* The same from len bytes in memory; `name` is used in messages. */
mlp_status mlp_weights_decode(const unsigned char *buf, size_t len, const char *name,
                              mlp_net **net, mlp_schema *schema, mlp_error *err);

#endif
