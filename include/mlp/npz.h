/* SPDX-License-Identifier: MIT */
/* npz.h: a trained model as a numpy .npz file, both ways (docs/numpy.md).
 *
 * An .npz is a zip archive of .npy arrays; numpy.load reads it. The one
 * written here is a stored (uncompressed) zip holding, for L weight layers,
 * F features, T target columns and C class labels:
 *
 *   W1 .. WL          float64 (n_out, n_in), the layer's W as in the weights file
 *   b1 .. bL          float64 (n_out,)
 *   activations       str (L,)   activation names, "tanh", "softmax", ...
 *   loss              str ()     the loss name
 *   normalize         str ()     "standard" or "none"
 *   mean, std         float64 (F,)  x' = (x - mean) / std; zeros and ones for "none"
 *   feature_names     str (F,)
 *   target_names      str (T,)
 *   labels            str (C,)   class labels in output-unit order; (0,) for a regression
 *   names_from_header bool ()    features are matched by name (else by position)
 *   one_hot_columns   bool ()    the labels are target column names
 *
 * Nothing in it depends on the clock: the same model writes the same bytes.
 * Reading (mlp_weights_read does it when a file starts with a zip's magic, so
 * --init-weights and mlppredict take an .npz too) needs W1..WL, b1..bL,
 * "activations" and "loss"; the other arrays are optional (features are then
 * matched by position, no normalisation, no labels). The names an .npz lacks
 * are made up (features x1..xF; the target "label" beside labels, else
 * y1..yK; under one_hot_columns the labels themselves, the target columns'
 * names by definition), so that every name is there; an array of any other
 * name is refused (a misspelt "means" would load as no normalisation); mlp_npz_decode_given says which
 * were given. A classifier without "labels" (a softmax output, say) can
 * continue training, which takes the training data's labels, but cannot
 * name the class it predicts (mlp_weights_check_labels). Arrays may be in C or
 * Fortran order; numbers must be float64, texts numpy str ('<U', code points
 * that are Unicode scalar values) or bytes ('|S', taken verbatim); members
 * must be stored (numpy.savez), not deflated (numpy.savez_compressed).
 * Names are bytes to mlp: an array of names of which one is not UTF-8 is
 * written as '|S', verbatim, so that it reads back the same.
 */
#ifndef MLP_NPZ_H
#define MLP_NPZ_H

#include <stddef.h>

#include "mlp/dataset.h"
#include "mlp/error.h"
#include "mlp/net.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Serialises net and schema as an .npz into a new malloc'd buffer (*buf,
 * *len; the caller frees it). The schema must be net's, by the rules of
 * mlp_weights_encode (one feature name per input, n_outputs its output
 * units, 1 target column or one per output, 0 class labels or one per
 * output, two for one unit): another is refused with MLP_ERR_WEIGHTS,
 * "cannot save the model: 1 feature name for 2 inputs" (it was read past
 * its statistics, or written as an .npz no reader takes). MLP_ERR_NOMEM. */
mlp_status mlp_npz_encode(const mlp_net *net, const mlp_schema *schema, unsigned char **buf,
                          size_t *len, mlp_error *err);

/* Writes that .npz to path atomically, with mlp_npz_encode's errors (at
 * path). MLP_ERR_IO when it cannot. */
mlp_status mlp_npz_write(const char *path, const mlp_net *net, const mlp_schema *schema,
                         mlp_error *err);

/* Whether path may receive an .npz of the model read from model_path
 * (mlppredict --export): never over an mlp weights file (the two swapped:
 * the hint gives the command the other way round), and only to a name
 * ending in .npz (numpy.savez's), so that a CSV named there is not
 * replaced by a zip; standard output and devices are written straight
 * through. The same file as model_path is the program's to refuse (its
 * identity check of every path). MLP_OK or MLP_ERR_USAGE at path; a path
 * that ends in "/" names a folder, not a file: MLP_ERR_IO, as writing it
 * would say (docs/exit-codes.md, "Output files"), before any name check;
 * its hint names an .npz for a name without one ("nodir/": "nodir.npz"). */
mlp_status mlp_npz_check_write_path(const char *path, const char *model_path, mlp_error *err);

/* 1 when the len bytes at buf begin as numpy.savez's .npz does: a zip
 * archive ("PK\3\4") whose first member is named "*.npy" (its name within
 * the len bytes); other zip archives (an .xlsx workbook) are not. */
int mlp_npz_is_npz(const unsigned char *buf, size_t len);

/* Reads a model from an .npz of the layout above in len bytes at buf; `name`
 * is used in messages. *net is new (mlp_net_free) and *schema filled
 * (mlp_schema_free). MLP_ERR_WEIGHTS naming the member for a missing array, a
 * wrong dtype or shape, an unknown activation or loss, a compressed member, a
 * bad CRC or a truncated archive; for W1..WL and b1..bL that fit the layout
 * of z = a @ W + b, each W (n_in, n_out), instead of this one, a message
 * saying so at the first W that is not square; MLP_ERR_NOMEM. */
mlp_status mlp_npz_decode(const unsigned char *buf, size_t len, const char *name, mlp_net **net,
                          mlp_schema *schema, mlp_error *err);

/* The optional arrays of names an .npz may hold; the names of one it lacks
 * are made up by the reader. */
#define MLP_NPZ_FEATURE_NAMES 0x1u
#define MLP_NPZ_TARGET_NAMES 0x2u
#define MLP_NPZ_LABELS 0x4u

/* mlp_npz_decode, also setting *given (may be NULL; 0 on failure) to the
 * MLP_NPZ_* arrays the file holds, so that a description (mlppredict
 * --info) can tell names of the file from names made up for it. */
mlp_status mlp_npz_decode_given(const unsigned char *buf, size_t len, const char *name,
                                mlp_net **net, mlp_schema *schema, unsigned *given,
                                mlp_error *err);

#ifdef __cplusplus
}
#endif

#endif
