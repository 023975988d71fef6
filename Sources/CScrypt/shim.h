#include <stdint.h>
#include <stddef.h>
#include <libscrypt.h>
