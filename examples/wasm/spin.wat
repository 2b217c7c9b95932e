;; An infinite loop, for the limits: `brisk run --timeout 1.5s spin.wat`
;; or `brisk run --fuel 1000000 spin.wat` stop it and exit 4.
(module
  (func $spin (export "_start")
    (loop $forever (br $forever))))
