/* SPDX-License-Identifier: MIT */
/* test_sha256.c: SHA-256 against the test vectors of FIPS 180-2 appendix B
 * and the NIST example documents (one block, two blocks, one million 'a'),
 * the empty message, and every split of a message over several updates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sha256.h"

static void expect_hex(const void *data, size_t len, const char *want)
{
    unsigned char d[MLP_SHA256_BYTES];
    char hex[2 * MLP_SHA256_BYTES + 1];
    mlp_sha256_digest(data, len, d);
    assert_string_equal(mlp_sha256_hex(d, hex), want);
}

static void digest_should_match_the_one_block_vector(void **state)
{
    (void)state;
    expect_hex("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void digest_should_match_the_two_block_vector(void **state)
{
    (void)state;
    /* 448 bits: the padding no longer fits the first block. */
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    assert_int_equal(strlen(m), 56);
    expect_hex(m, 56, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void digest_should_match_the_896_bit_vector(void **state)
{
    (void)state;
    const char *m = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                    "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    assert_int_equal(strlen(m), 112);
    expect_hex(m, 112, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void digest_should_match_the_million_a_vector(void **state)
{
    (void)state;
    char *m = malloc(1000000);
    assert_non_null(m);
    memset(m, 'a', 1000000);
    expect_hex(m, 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    /* The same million bytes in uneven pieces. */
    mlp_sha256 s;
    mlp_sha256_init(&s);
    size_t done = 0, step = 1;
    while (done < 1000000) {
        size_t n = 1000000 - done < step ? 1000000 - done : step;
        mlp_sha256_update(&s, m + done, n);
        done += n;
        step = step * 3 % 1000 + 1;
    }
    unsigned char d[MLP_SHA256_BYTES];
    char hex[65];
    mlp_sha256_final(&s, d);
    assert_string_equal(mlp_sha256_hex(d, hex),
                        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(m);
}

static void digest_should_match_the_empty_message(void **state)
{
    (void)state;
    expect_hex(NULL, 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect_hex("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

/* Every way to cut the 112-byte message in two, around each block and
 * padding boundary (55, 56, 63, 64 bytes), gives the one-call digest. */
static void update_should_not_depend_on_how_the_message_is_split(void **state)
{
    (void)state;
    const char *m = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                    "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    for (size_t len = 0; len <= 112; len++) {
        unsigned char whole[MLP_SHA256_BYTES];
        mlp_sha256_digest(m, len, whole);
        for (size_t cut = 0; cut <= len; cut++) {
            mlp_sha256 s;
            unsigned char d[MLP_SHA256_BYTES];
            mlp_sha256_init(&s);
            mlp_sha256_update(&s, m, cut);
            mlp_sha256_update(&s, m + cut, len - cut);
            mlp_sha256_final(&s, d);
            if (memcmp(d, whole, sizeof d) != 0)
                fail_msg("length %zu cut at %zu differs", len, cut);
        }
    }
    /* Lengths around the padding boundary, checked against values computed
     * with Python's hashlib.sha256(b"a" * n). */
    static const struct {
        size_t n;
        const char *hex;
    } near[] = {
        {55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
        {56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
        {63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
        {64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
    };
    char a[64];
    memset(a, 'a', sizeof a);
    for (size_t i = 0; i < sizeof near / sizeof near[0]; i++)
        expect_hex(a, near[i].n, near[i].hex);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(digest_should_match_the_one_block_vector),
        cmocka_unit_test(digest_should_match_the_two_block_vector),
        cmocka_unit_test(digest_should_match_the_896_bit_vector),
        cmocka_unit_test(digest_should_match_the_million_a_vector),
        cmocka_unit_test(digest_should_match_the_empty_message),
        cmocka_unit_test(update_should_not_depend_on_how_the_message_is_split),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
