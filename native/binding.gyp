# sweeplab_ops: the scratch engine's native kernels (src/ops.c). Node-API only, so one
# build loads in Node and in Electron. Built by scripts/build-native-ops.js at npm install.
{
  "targets": [
    {
      "target_name": "sweeplab_ops",
      "sources": ["src/ops.c"],
      "defines": ["NAPI_VERSION=8"],
      "cflags": ["-std=gnu11", "-O3", "-fno-math-errno", "-ffp-contract=off", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "conditions": [
        ["OS=='linux'", {"libraries": ["-lopenblas"]}],
        ["OS=='mac'", {
          "defines": ["ACCELERATE_NEW_LAPACK"],
          "libraries": ["-framework Accelerate"],
          "xcode_settings": {"OTHER_CFLAGS": ["-std=gnu11", "-O3", "-fno-math-errno", "-ffp-contract=off"]}
        }]
      ]
    }
  ]
}
