//! What may cross threads: `Engine` and `Module` are `Send + Sync` and
//! cheap to clone (one shared allocation); `Store<T>` is `Send` when `T`
//! is; handles are plain ids.

use brisk_runtime::*;

/// Compile-time assertions: this module fails to build if they break.
const _: () = {
    const fn send_sync_clone<T: Send + Sync + Clone>() {}
    const fn send<T: Send>() {}
    const fn store_is_send<T: Send + 'static>() {
        send::<Store<T>>();
        send::<Linker<T>>();
    }
    send_sync_clone::<Engine>();
    send_sync_clone::<Module>();
    send_sync_clone::<Config>();
    send_sync_clone::<InterruptHandle>();
    send_sync_clone::<StoreLimits>();
    send_sync_clone::<Func>();
    send_sync_clone::<Memory>();
    send_sync_clone::<Instance>();
    store_is_send::<Vec<String>>();
    send::<Error>();
};

#[test]
fn clones_share_one_engine_and_one_module() {
    let engine = Engine::default();
    let e2 = engine.clone();
    assert!(Engine::same(&engine, &e2));
    let module = Module::new(&engine, r#"(module (func (export "f")))"#).unwrap();
    let m2 = module.clone();
    assert!(Module::same(&module, &m2));
    assert!(Engine::same(m2.engine(), &engine));
}

#[test]
fn one_module_many_threads_each_with_its_own_store() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (global $n (mut i32) (i32.const 0))
            (func (export "bump") (result i32)
              (global.set $n (i32.add (global.get $n) (i32.const 1)))
              (global.get $n)))"#,
    )
    .unwrap();
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let (engine, module) = (engine.clone(), module.clone());
            std::thread::spawn(move || {
                let mut store = Store::new(&engine, t);
                let i = Linker::new(&engine)
                    .instantiate(&mut store, &module)
                    .unwrap();
                let bump = i.get_typed_func::<(), i32>(&mut store, "bump").unwrap();
                (0..100 + t)
                    .map(|_| bump.call(&mut store, ()).unwrap())
                    .last()
            })
        })
        .collect();
    for (t, h) in threads.into_iter().enumerate() {
        assert_eq!(h.join().unwrap(), Some(100 + t as i32));
    }
}
